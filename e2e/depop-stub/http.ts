import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/** One decoded `name=value` pair, in the order it appeared. */
export interface FormPair {
  name: string;
  value: string;
}

export type FormParseResult = { ok: true; pairs: FormPair[] } | { ok: false; reason: string };

/** The raw request target split into an undecoded path and an undecoded query string. */
export function splitTarget(target: string | undefined): { path: string; query: string } {
  const raw = target ?? "/";
  const hash = raw.indexOf("#");
  const noHash = hash === -1 ? raw : raw.slice(0, hash);
  const mark = noHash.indexOf("?");
  if (mark === -1) return { path: noHash, query: "" };
  return { path: noHash.slice(0, mark), query: noHash.slice(mark + 1) };
}

function decodeComponent(raw: string): string | undefined {
  try {
    // application/x-www-form-urlencoded: "+" is a space, then percent-decoding as UTF-8.
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/**
 * Strict application/x-www-form-urlencoded parser (used for query strings too). Unlike
 * URLSearchParams it rejects malformed percent-encoding instead of silently keeping it, so the
 * stub can answer 400 the way a strict server would.
 */
export function parseForm(text: string): FormParseResult {
  const pairs: FormPair[] = [];
  if (text === "") return { ok: true, pairs };
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    const name = decodeComponent(rawName);
    const value = decodeComponent(rawValue);
    if (name === undefined || value === undefined) {
      return { ok: false, reason: "malformed percent-encoding" };
    }
    pairs.push({ name, value });
  }
  return { ok: true, pairs };
}

/** Best-effort view of a form for the request log: never fails, keeps the first value of a name. */
export function formToRecord(text: string): Record<string, string> {
  // No prototype, so a field named "__proto__" is kept as data instead of being swallowed.
  const record: Record<string, string> = Object.create(null);
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    const name = decodeComponent(rawName) ?? rawName;
    if (Object.hasOwn(record, name)) continue;
    record[name] = decodeComponent(rawValue) ?? rawValue;
  }
  return record;
}

/** Names that occur more than once; OAuth and the Seller API both refuse repeated parameters. */
export function duplicateNames(pairs: FormPair[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { name } of pairs) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  return [...duplicates];
}

/** First value of each name; callers reject duplicates before relying on this. */
export function pairsToMap(pairs: FormPair[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { name, value } of pairs) {
    if (!map.has(name)) map.set(name, value);
  }
  return map;
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: "too_large" | "aborted" };

/**
 * Reads a request body up to `limit` bytes. Past the limit it keeps draining (up to a hard cap) so
 * the client can read our 413 instead of getting a connection reset mid-upload.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const drainCap = Math.max(limit, 1024 * 1024);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > drainCap) {
      req.resume();
      finish({ ok: false, reason: "too_large" });
      return;
    }
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
      } else if (size > drainCap) {
        finish({ ok: false, reason: "too_large" });
      }
    });
    req.on("end", () =>
      finish(size > limit ? { ok: false, reason: "too_large" } : { ok: true, body: Buffer.concat(chunks) }),
    );
    req.on("error", () => finish({ ok: false, reason: "aborted" }));
    req.on("aborted", () => finish({ ok: false, reason: "aborted" }));
  });
}

/** The lower-cased media type of a Content-Type header plus its parameters. */
export function parseContentType(
  header: string | undefined,
): { type: string; params: Map<string, string> } | undefined {
  if (header === undefined) return undefined;
  const [rawType, ...rawParams] = header.split(";");
  const type = (rawType ?? "").trim().toLowerCase();
  if (type === "") return undefined;
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const eq = raw.indexOf("=");
    if (eq === -1) continue;
    const name = raw.slice(0, eq).trim().toLowerCase();
    const value = raw
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    params.set(name, value);
  }
  return { type, params };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, headers);
  res.end();
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: OutgoingHttpHeaders = {},
): void {
  // 204 and 304 must not carry a body.
  const payload = status === 204 || status === 304 ? "" : body;
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
