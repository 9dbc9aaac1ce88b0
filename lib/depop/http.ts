import "server-only";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Pacer } from "./pacer";

/**
 * The one way this app talks HTTP to Depop: a timeout on every call, redirects never followed (a redirect could
 * carry our client secret or bearer token somewhere we did not choose), and bodies read up to a limit.
 *
 * It uses node:http(s) with keep-alive agents rather than `fetch`: every dashboard makes two Depop calls, and the
 * plain client costs a fraction of fetch's CPU (no WHATWG streams, no framework fetch instrumentation). The API
 * client reads the answer as a Buffer (`depopRequest`); oauth4webapi gets a standard `Response` (`depopFetch`).
 */

export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
}

export type DepopRequestInit = {
  method?: string;
  headers?: HeadersInit;
  body?: string | URLSearchParams | null;
};

// Kept-alive connections to Depop: a TLS handshake per call would cost more than the call.
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 }),
};

/** A Depop answer, read whole: status, headers and the raw body. */
export type DepopAnswer = { status: number; statusText: string; headers: Headers; body: Buffer };

export type DepopRequestOptions = {
  timeoutMs: number;
  maxBytes: number;
  /** The app-wide request budget this call counts against (it waits its turn before the timeout starts). */
  pacer?: Pacer;
};

export async function depopRequest(
  input: string | URL,
  init: DepopRequestInit,
  options: DepopRequestOptions,
): Promise<DepopAnswer> {
  await options.pacer?.take();
  return send(input, init, options);
}

function send(input: string | URL, init: DepopRequestInit, options: DepopRequestOptions): Promise<DepopAnswer> {
  const url = new URL(input);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
  }
  const headers = headerRecord(init.headers);
  const body = init.body === undefined || init.body === null ? undefined : String(init.body);
  if (body !== undefined) {
    headers["content-length"] = String(Buffer.byteLength(body));
    if (init.body instanceof URLSearchParams) {
      headers["content-type"] ??= "application/x-www-form-urlencoded;charset=UTF-8";
    }
  }
  const secure = url.protocol === "https:";
  const transmit = secure ? httpsRequest : httpRequest;
  const agent = secure ? agents.https : agents.http;

  return new Promise<DepopAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const request = transmit(url, { method: init.method ?? "GET", headers, agent }, (response) => {
      readLimited(response, options.maxBytes).then((bytes) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        let headers: Headers | undefined;
        resolve({
          status: response.statusCode ?? 502,
          statusText: response.statusMessage ?? "",
          // Built when asked for (most answers are read for their body only).
          get headers() {
            headers ??= headersOf(response);
            return headers;
          },
          body: bytes,
        });
      }, fail);
    });
    request.on("error", fail);
    request.end(body);
  });
}

/** The same request, answered as a standard `Response` (for oauth4webapi's token requests). */
export async function depopFetch(
  input: string | URL,
  init: DepopRequestInit,
  options: DepopRequestOptions,
): Promise<Response> {
  const answer = await depopRequest(input, init, options);
  // A Response cannot carry a body with a null-body status (204, 304) or be built with a status outside 200-599.
  const nullBody = answer.status === 204 || answer.status === 205 || answer.status === 304;
  const valid = answer.status >= 200 && answer.status <= 599;
  return new Response(nullBody ? null : new Uint8Array(answer.body).buffer, {
    status: valid ? answer.status : 502,
    statusText: answer.statusText,
    headers: answer.headers,
  });
}

function readLimited(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (message: string) => {
      reject(new ResponseTooLargeError(message));
      response.destroy();
    };
    const declared = Number(response.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      tooLarge(`response of ${declared} bytes is over the ${maxBytes}-byte limit`);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) tooLarge(`response is over the ${maxBytes}-byte limit`);
      else chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks, size)));
    response.on("error", reject);
    response.on("aborted", () => reject(new Error("response aborted")));
  });
}

/** Request headers as node:http takes them (lower-case names); a plain record is copied without a Headers object. */
function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  if (init === undefined) return {};
  if (init instanceof Headers || Array.isArray(init)) return Object.fromEntries(new Headers(init));
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(init)) record[name.toLowerCase()] = value;
  return record;
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    const name = response.rawHeaders[i];
    const value = response.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined) headers.append(name, value);
  }
  return headers;
}
