import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { resolveOptions, type StubOptions } from "./config";
import { handleAuthorize, handleDecision, handleWwwNotFound } from "./consent";
import { createContext, type StubContext } from "./context";
import { handleControl } from "./control";
import { handleDemoSale, handleHome } from "./demo-page";
import { sendApiError } from "./errors";
import { faultResponse } from "./faults";
import { type BodyResult, formToRecord, readBody, sendText, splitTarget } from "./http";
import { LISTING_BODY_LIMIT } from "./listings";
import { handleMedia } from "./media";
import type { LoggedRequest } from "./request-log";
import { classify, classifyApi, type Endpoint, type Origin } from "./routes";
import { handleSellerApi } from "./seller-api";
import { handleToken, TOKEN_BODY_LIMIT } from "./token";

export type { StubOptions } from "./config";

export interface RunningStub {
  wwwUrl: string;
  apiUrl: string;
  close(): Promise<void>;
}

/** Mutable log entry, filled in as the request is handled and written when the response ends. */
type LogDraft = Omit<LoggedRequest, "seq" | "at" | "status">;

function authorizationForLog(header: string | undefined): string | null {
  if (header === undefined) return null;
  const bearer = /^Bearer (.+)$/i.exec(header);
  return bearer?.[1] ?? header;
}

function startLogging(
  ctx: StubContext,
  origin: Origin,
  endpoint: Endpoint,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
): LogDraft {
  const draft: LogDraft = {
    origin,
    method: req.method ?? "",
    path,
    query: formToRecord(query),
    form: {},
    authorization: authorizationForLog(req.headers.authorization),
    endpoint,
  };
  const at = new Date(ctx.clock.now()).toISOString();
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    ctx.log.add({ at, ...draft, status: res.statusCode });
  };
  res.once("finish", write);
  res.once("close", write);
  return draft;
}

async function handleWww(ctx: StubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { path, query } = splitTarget(req.url);
  const endpoint = classify("www", path);
  if (endpoint !== "media") startLogging(ctx, "www", endpoint, req, res, path, query);
  if (endpoint === "authorize") handleAuthorize(ctx, req, res, query);
  else if (endpoint === "decision") await handleDecision(ctx, req, res);
  else if (endpoint === "home") handleHome(ctx, req, res, query);
  else if (endpoint === "demo_sale") await handleDemoSale(ctx, req, res);
  else if (endpoint === "media") await handleMedia(ctx, req, res, path);
  else handleWwwNotFound(res);
}

async function handleApi(ctx: StubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { path, query } = splitTarget(req.url);
  const endpoint = classifyApi(req.method ?? "GET", path);
  if (endpoint === "control") {
    await handleControl(ctx, req, res, path, query);
    return;
  }
  const draft = startLogging(ctx, "api", endpoint, req, res, path, query);
  if (ctx.options.latencyMs > 0) await sleep(ctx.options.latencyMs);

  // The token body is read up front: the log wants it and token faults can target one grant_type.
  let body: BodyResult | undefined;
  if (endpoint === "token" && req.method === "POST") {
    body = await readBody(req, TOKEN_BODY_LIMIT);
    if (body.ok) draft.form = formToRecord(body.body.toString("utf8"));
  }
  // Order writes (JSON): their string fields go to the log too, so tests can see what reached "Depop".
  if ((endpoint === "ship" || endpoint === "refund") && req.method === "POST") {
    body = await readBody(req, WRITE_BODY_LIMIT);
    if (body.ok) draft.form = jsonFields(body.body);
  }

  // Listing writes (JSON): their scalar fields go to the log, so tests can see what was sent and count writes.
  if (endpoint === "product_write" && req.method !== "DELETE") {
    body = await readBody(req, LISTING_BODY_LIMIT);
    if (body.ok) draft.form = jsonFields(body.body, true);
  }

  const productId = /\/by-product-id\/(\d{1,15})\//.exec(path)?.[1];
  const fault = ctx.faults.take(
    endpoint,
    draft.form.grant_type,
    productId === undefined ? undefined : Number(productId),
  );
  if (fault) {
    if (fault.answerAfterMs > 0) holdAnswer(res, fault.answerAfterMs);
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (res.destroyed) return;
    for (const [name, value] of Object.entries(fault.headers)) res.setHeader(name, value);
    if (fault.status !== undefined) {
      const { contentType, body: faultBody } = faultResponse(fault, endpoint, fault.status);
      sendText(res, fault.status, contentType, faultBody);
      return;
    }
  }

  if (endpoint === "token") handleToken(ctx, req, res, body);
  else handleSellerApi(ctx, req, res, path, query, body);
}

const WRITE_BODY_LIMIT = 16 * 1024;

function jsonFields(bytes: Buffer, scalars = false): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [name, field] of Object.entries(value)) {
        if (typeof field === "string") record[name] = field;
        else if (scalars && (typeof field === "number" || typeof field === "boolean")) record[name] = String(field);
      }
    }
  } catch {
    // Not JSON: the handler answers 400; the log shows no fields.
  }
  return record;
}

/** Lets the handler act now but puts its answer on the wire `ms` later (the answer is written in one `end`). */
function holdAnswer(res: ServerResponse, ms: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    setTimeout(() => {
      if (!res.destroyed) end(...args);
    }, ms);
    return res;
  }) as typeof res.end;
}

/** Last line of defence: a bug answers 500 without a stack trace rather than killing the stub. */
function guard(
  origin: Origin,
  ctx: StubContext,
  handler: (ctx: StubContext, req: IncomingMessage, res: ServerResponse) => Promise<void>,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handler(ctx, req, res).catch(() => {
      if (res.headersSent) {
        res.destroy();
      } else if (origin === "api") {
        sendApiError(res, 500, "internal_error", "internal server error");
      } else {
        sendText(res, 500, "text/plain; charset=utf-8", "Internal server error");
      }
    });
  };
}

function makeServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer({ maxHeaderSize: 16 * 1024 }, handler);
  // Node closes an idle keep-alive socket after 5 s by default; a client that reuses it in that same instant gets
  // ECONNRESET (the tests' control calls did, between batches of browser flows a few seconds long). Idle sockets live
  // long enough here that no test pauses that long between two calls; close() still ends them at once.
  server.keepAliveTimeout = 120_000;
  // Unparseable HTTP (bad request line, oversized headers) gets a bare 400 instead of a hang.
  server.on("clientError", (_error: Error, socket: Socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    // Keep-alive connections would otherwise hold close() open indefinitely.
    server.closeAllConnections();
  });
}

/** Host as it should appear in a URL: wildcard binds are reached via loopback, IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** Starts the www and api origins; port 0 picks free ports, reflected in the returned URLs. */
export async function startStub(options: Partial<StubOptions> = {}): Promise<RunningStub> {
  const ctx = createContext(resolveOptions(options));
  const www = makeServer(guard("www", ctx, handleWww));
  const api = makeServer(guard("api", ctx, handleApi));
  try {
    const wwwPort = await listen(www, ctx.options.host, ctx.options.wwwPort);
    const apiPort = await listen(api, ctx.options.host, ctx.options.apiPort);
    ctx.urls.www = `http://${urlHost(ctx.options.host)}:${wwwPort}`;
    ctx.urls.api = `http://${urlHost(ctx.options.host)}:${apiPort}`;
    ctx.orders.seed(ctx.urls.www);
  } catch (error) {
    await Promise.all([close(www), close(api)]);
    throw error;
  }
  return {
    wwwUrl: ctx.urls.www,
    apiUrl: ctx.urls.api,
    close: async () => {
      await Promise.all([close(www), close(api)]);
    },
  };
}
