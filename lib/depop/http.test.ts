import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { depopFetch, depopRequest, ResponseTooLargeError } from "./http";

// A local server standing in for Depop: each path is one behaviour.
const hits: string[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  hits.push(request.url ?? "");
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    switch (request.url) {
      case "/echo":
        response.writeHead(201, { "content-type": "application/json", "retry-after": "7" });
        response.end(
          JSON.stringify({
            method: request.method,
            type: request.headers["content-type"],
            auth: request.headers.authorization,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        return;
      case "/redirect":
        response.writeHead(302, { location: "/secret-sink" }).end();
        return;
      case "/big-declared":
        response.writeHead(200, { "content-length": "2048" }).end("x".repeat(2048));
        return;
      case "/big-streamed":
        response.writeHead(200);
        for (let i = 0; i < 8; i++) response.write("y".repeat(256));
        response.end();
        return;
      case "/slow":
        setTimeout(() => response.writeHead(200).end("late"), 1_000);
        return;
      case "/empty":
        response.writeHead(204).end();
        return;
      default:
        response.writeHead(404).end();
    }
  });
});
let origin = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const limits = { timeoutMs: 300, maxBytes: 1024 };

describe("depopRequest", () => {
  it("sends the method, headers and form body, and reads status, headers and body", async () => {
    const answer = await depopRequest(
      `${origin}/echo`,
      { method: "POST", headers: { authorization: "Bearer t0k" }, body: new URLSearchParams({ a: "1 2" }) },
      limits,
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(JSON.parse(answer.body.toString("utf8"))).toEqual({
      method: "POST",
      type: "application/x-www-form-urlencoded;charset=UTF-8",
      auth: "Bearer t0k",
      body: "a=1+2",
    });
  });

  it("never follows a redirect: the 302 comes back and its target is never asked", async () => {
    hits.length = 0;
    const answer = await depopRequest(`${origin}/redirect`, {}, limits);
    expect(answer.status).toBe(302);
    expect(hits).toEqual(["/redirect"]);
  });

  it("refuses bodies over the limit, declared or streamed", async () => {
    await expect(depopRequest(`${origin}/big-declared`, {}, limits)).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(depopRequest(`${origin}/big-streamed`, {}, limits)).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("gives up after the timeout", async () => {
    await expect(depopRequest(`${origin}/slow`, {}, limits)).rejects.toThrow(/no answer within 300 ms/);
  });

  it("refuses anything but http and https", async () => {
    await expect(depopRequest("file:///etc/passwd", {}, limits)).rejects.toThrow(/unsupported protocol/);
  });
});

describe("depopFetch", () => {
  it("answers a standard Response, null-body statuses included", async () => {
    const echo = await depopFetch(`${origin}/echo`, { method: "POST", body: "x" }, limits);
    expect(echo.status).toBe(201);
    expect(await echo.json()).toMatchObject({ method: "POST", body: "x" });
    const empty = await depopFetch(`${origin}/empty`, {}, limits);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });
});
