import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { WARM_UP_HEADER, WARM_UP_TOKEN, warmUp } from "../scripts/warm-up.mjs";

// npm start's warm-up (scripts/warm-up.mjs), against a server standing in for the worker's own: what the requests
// carry, and that the token they carry lives in this process only while they are sent.

const MADE_UP_DASHBOARD = "<h1>@<!-- -->warm_up</h1><h3>Warm-up product 1: vintage denim jacket</h3>";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

const tokenNow = () => Reflect.get(globalThis, WARM_UP_TOKEN) as unknown;

describe("npm start's warm-up", () => {
  it("sends the home page and the dashboard with a token that exists only while it runs", async () => {
    const seen: { path: string; header: string | undefined; token: unknown }[] = [];
    const port = await serve((req, res) => {
      const header = req.headers[WARM_UP_HEADER];
      seen.push({ path: req.url ?? "", header: typeof header === "string" ? header : undefined, token: tokenNow() });
      res.setHeader("content-encoding", "gzip");
      res.end(gzipSync(req.url === "/dashboard" ? MADE_UP_DASHBOARD : "<h1>Home</h1>"));
    });
    const logged: string[] = [];
    expect(tokenNow()).toBeUndefined();
    await warmUp(port, 20, (line) => logged.push(line));

    expect(tokenNow()).toBeUndefined();
    expect(logged).toEqual([]);
    expect(seen).toHaveLength(20);
    expect(new Set(seen.map((request) => request.path))).toEqual(new Set(["/", "/dashboard"]));
    const token = seen[0]?.token;
    expect(typeof token).toBe("string");
    expect(String(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const request of seen) {
      expect(request.token).toBe(token);
      expect(request.header).toBe(token);
    }

    // A second warm-up (another worker) gets a token of its own.
    const again: unknown[] = [];
    server?.removeAllListeners("request");
    server?.on("request", (req: IncomingMessage, res: ServerResponse) => {
      again.push(req.headers[WARM_UP_HEADER]);
      res.end(req.url === "/dashboard" ? MADE_UP_DASHBOARD : "");
    });
    await warmUp(port, 2, () => undefined);
    expect(again[0]).not.toBe(token);
  });

  it("says so when a dashboard is not the made-up shop, or a page does not answer 200", async () => {
    const port = await serve((req, res) => {
      if (req.url === "/dashboard") {
        res.end("<h1>Something went wrong</h1>");
      } else {
        res.statusCode = 307;
        res.setHeader("location", "/");
        res.end();
      }
    });
    const logged: string[] = [];
    await warmUp(port, 6, (line) => logged.push(line));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^depop-connect: warm-up: /);
    expect(logged[0]).toContain("/ answered 307");
    expect(logged[0]).toContain("/dashboard did not render the made-up shop");
    expect(tokenNow()).toBeUndefined();
  });

  it("stops at the first failure, sends nothing more, and still deletes the token", async () => {
    let requests = 0;
    const port = await serve((req, res) => {
      requests++;
      if (requests === 3) req.socket.destroy();
      else res.end(req.url === "/dashboard" ? MADE_UP_DASHBOARD : "");
    });
    const logged: string[] = [];
    await warmUp(port, 400, (line) => logged.push(line));
    expect(tokenNow()).toBeUndefined();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^depop-connect: warm-up stopped early \(.+\); serving anyway$/);
    // The lanes in flight finish their request; none starts another.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toBeLessThanOrEqual(6);
  });
});
