import { once } from "node:events";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { acceptsGzip, supported, withGzip } from "../scripts/gzip.mjs";

// npm start's own gzip (scripts/gzip.mjs), checked from the client's side: what arrives, decoded by Node's gunzip
// (which checks the CRC and length in the trailer), and when.

let server: Server | undefined;

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer(withGzip(handler));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

type Answer = { status: number; headers: IncomingMessage["headers"]; body: Buffer };

async function get(port: number, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  const outgoing = request({ host: "127.0.0.1", port, path: "/", method, headers });
  outgoing.end();
  const [response] = (await once(outgoing, "response")) as [IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) };
}

const html = (text: string) => `<!DOCTYPE html><html><body>${text.repeat(80)}</body></html>`;

describe("acceptsGzip", () => {
  it.each([
    ["gzip, deflate, br", true],
    ["GZIP", true],
    ["x-gzip", true],
    ["br;q=1.0, gzip;q=0.8", true],
    ["*", true],
    ["*;q=0.1", true],
    ["gzip;q=0", false],
    ["*, gzip;q=0", false],
    ["gzip;q=0.000", false],
    ["br, deflate", false],
    ["identity", false],
    ["*;q=0", false],
    ["", false],
    [undefined, false],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe.runIf(supported)("npm start's gzip", () => {
  it("compresses a page for a client that accepts gzip, and it decodes to exactly what was written", async () => {
    const page = html("<p>Vintage Levi's 501 — £45.00 · ünïcödé</p>");
    const port = await serve((_req, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("content-length", Buffer.byteLength(page));
      res.write(page.slice(0, 100));
      res.write(Buffer.from(page.slice(100, 900)));
      res.end(page.slice(900));
    });
    const answer = await get(port, { "accept-encoding": "gzip, deflate, br" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(answer.headers["content-length"]).not.toBe(String(Buffer.byteLength(page)));
    expect(answer.body.length).toBeLessThan(Buffer.byteLength(page) / 4);
    expect(gunzipSync(answer.body).toString("utf8")).toBe(page);
  });

  it("sends what a streamed page has written so far before the page ends (the shell before the products)", async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const shell = html("<header>shell</header>");
    const products = html("<li>product</li>");
    const port = await serve(async (_req, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.flushHeaders();
      res.write(shell.slice(0, 50));
      res.write(shell.slice(50));
      await released; // only once the client has decoded the whole shell
      res.end(products);
    });
    const outgoing = request({ host: "127.0.0.1", port, path: "/", headers: { "accept-encoding": "gzip" } });
    outgoing.end();
    const [response] = (await once(outgoing, "response")) as [IncomingMessage];
    expect(response.headers["content-encoding"]).toBe("gzip");
    const gunzip = response.pipe(createGunzip());
    let decoded = "";
    for await (const chunk of gunzip) {
      decoded += (chunk as Buffer).toString("utf8");
      if (decoded === shell) release();
    }
    expect(decoded).toBe(shell + products);
  });

  it("keeps a large streamed body whole (many segments, backpressure honoured)", async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${(i * 7919) % 104729}\n`);
    const port = await serve((_req, res) => {
      res.setHeader("content-type", "text/plain");
      Readable.from(lines).pipe(res);
    });
    const answer = await get(port, { "accept-encoding": "gzip" });
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(answer.body).toString("utf8")).toBe(lines.join(""));
  });

  it("compresses when the headers come with writeHead", async () => {
    const body = JSON.stringify({ products: Array.from({ length: 100 }, (_, id) => ({ id, title: "jacket" })) });
    const port = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const answer = await get(port, { "accept-encoding": "gzip" });
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(answer.body).toString("utf8"))).toEqual(JSON.parse(body));
  });

  it("sends the page as it is to a client that does not accept gzip, still saying it varies", async () => {
    const page = html("<p>plain</p>");
    const port = await serve((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(page);
    });
    const asked: Record<string, string>[] = [{}, { "accept-encoding": "br" }, { "accept-encoding": "gzip;q=0" }];
    for (const headers of asked) {
      const answer = await get(port, headers);
      expect(answer.headers["content-encoding"]).toBeUndefined();
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.body.toString("utf8")).toBe(page);
    }
  });

  it.each<[string, Record<string, string>, number, string]>([
    ["a small body", { "content-type": "text/html", "content-length": "11" }, 200, "hello world"],
    ["an image", { "content-type": "image/png" }, 200, "x".repeat(4096)],
    ["no-transform", { "content-type": "text/html", "cache-control": "public, no-transform" }, 200, "x".repeat(4096)],
    ["an encoded body", { "content-type": "text/html", "content-encoding": "br" }, 200, "x".repeat(4096)],
    ["a range", { "content-type": "text/plain", "content-range": "bytes 0-4095/9000" }, 206, "x".repeat(4096)],
  ])("leaves %s alone", async (_what, headers, status, body) => {
    const port = await serve((_req, res) => {
      res.writeHead(status, headers);
      res.end(body);
    });
    const answer = await get(port, { "accept-encoding": "gzip" });
    expect(answer.status).toBe(status);
    expect(answer.headers["content-encoding"]).toBe(headers["content-encoding"]);
    expect(answer.body.toString("utf8")).toBe(body);
  });

  it("sends no body for HEAD and 304", async () => {
    const port = await serve((req, res) => {
      res.statusCode = req.method === "HEAD" ? 200 : 304;
      res.setHeader("content-type", "text/html");
      res.end();
    });
    for (const method of ["HEAD", "GET"]) {
      const answer = await get(port, { "accept-encoding": "gzip" }, method);
      expect(answer.headers["content-encoding"]).toBeUndefined();
      expect(answer.body.length).toBe(0);
    }
  });

  it("answers an empty compressible body with a valid empty gzip stream", async () => {
    const port = await serve((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end();
    });
    const answer = await get(port, { "accept-encoding": "gzip" });
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(answer.body).length).toBe(0);
  });
});
