// gzip for `npm start`'s responses, in place of Next's `compression` middleware (the launcher turns that off).
//
// Why: Next streams a page as a handful of writes and flushes the compressor after each, and the middleware runs
// every write and flush through an asynchronous zlib stream (a thread-pool job, a callback and a socket write
// each), with a fresh compressor allocated per response. Here the writes a response makes within one turn of the
// event loop are gathered and compressed together, synchronously, at the end of that turn, as one raw-deflate
// segment ending in a sync flush, and sent in one socket write. Each segment is byte-aligned and not final, so the
// segments in a row are one valid deflate stream (RFC 1951); the gzip header and trailer (RFC 1952) go around them.
// A streamed page still reaches the browser as soon as each part is rendered: the shell in one turn, the products
// when they are ready. Only the match window restarts at each segment, which costs a few percent in size.
import zlib from "node:zlib";

const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
// An empty final block: the end of the deflate stream.
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
/** Responses that say they are smaller than this go as they are (as the `compression` middleware's threshold). */
const MIN_LENGTH = 1024;
/** A response buffers at most this much before it is compressed and sent without waiting for the turn to end. */
const MAX_PENDING = 64 * 1024;
const SEGMENT = { level: zlib.constants.Z_DEFAULT_COMPRESSION, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|x-javascript|manifest\+json|xml)|image\/svg\+xml)/i;

/** Whether this Node can do it (zlib.crc32 arrived in Node 20.15); the launcher leaves Next's middleware on if not. */
export const supported = typeof zlib.crc32 === "function";

/** Whether an Accept-Encoding header allows gzip: named (or `*`) with a q-value above 0, and not refused by name. */
export function acceptsGzip(header) {
  if (typeof header !== "string") return false;
  let named;
  let wildcard;
  for (const part of header.split(",")) {
    const [name = "", ...params] = part
      .toLowerCase()
      .split(";")
      .map((piece) => piece.trim());
    const qParam = params.find((param) => param.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const allowed = Number.isFinite(q) && q > 0;
    if (name === "gzip" || name === "x-gzip") named = allowed;
    else if (name === "*") wildcard = allowed;
  }
  return named ?? wildcard ?? false;
}

function shouldCompress(req, res) {
  const status = res.statusCode;
  if (req.method === "HEAD" || status < 200 || status === 204 || status === 206 || status === 304) return false;
  if (res.hasHeader("content-encoding") || res.hasHeader("content-range")) return false;
  if (!COMPRESSIBLE.test(String(res.getHeader("content-type") ?? ""))) return false;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader("cache-control") ?? ""))) return false;
  const length = Number(res.getHeader("content-length"));
  return !(Number.isFinite(length) && length < MIN_LENGTH);
}

function addVary(res) {
  const vary = String(res.getHeader("vary") ?? "");
  if (vary === "*" || /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)) return;
  res.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
}

/**
 * Sets up gzip on one response, before anything is written: from the moment its headers go out (writeHead, or the
 * first write) it either compresses everything written after, or passes it all through untouched. A compressible
 * response says `Vary: Accept-Encoding` either way, for caches in between.
 */
function gzipResponse(req, res, accepted) {
  const write = res.write;
  const end = res.end;
  const writeHead = res.writeHead;
  let compressing = false;
  let decided = false;
  let pending = [];
  let pendingBytes = 0;
  let crc = 0;
  let size = 0;
  let started = false;
  let scheduled = null;

  const decide = () => {
    if (decided) return;
    decided = true;
    if (!shouldCompress(req, res)) return;
    addVary(res);
    if (!accepted) return;
    compressing = true;
    res.setHeader("content-encoding", "gzip");
    res.removeHeader("content-length");
  };

  /** Compresses what is pending into one segment; with `last`, ends the stream with the trailer. */
  const segment = (last) => {
    const input = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    crc = zlib.crc32(input, crc);
    size = (size + input.length) >>> 0;
    const parts = [];
    if (!started) parts.push(HEADER);
    started = true;
    if (input.length > 0) parts.push(zlib.deflateRawSync(input, SEGMENT));
    if (last) {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc >>> 0, 0);
      trailer.writeUInt32LE(size, 4);
      parts.push(FINAL_BLOCK, trailer);
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  };

  const flush = () => {
    scheduled = null;
    if (pendingBytes === 0 || res.writableEnded || res.destroyed) return true;
    return write.call(res, segment(false));
  };

  res.writeHead = function gzipWriteHead(statusCode, ...rest) {
    // Headers given here join those already set, so that they are seen when deciding.
    const headers = typeof rest[0] === "string" ? rest[1] : rest[0];
    if (headers && !Array.isArray(headers)) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    }
    res.statusCode = statusCode;
    if (Array.isArray(headers)) decided = true;
    decide();
    return typeof rest[0] === "string" ? writeHead.call(res, statusCode, rest[0]) : writeHead.call(res, statusCode);
  };

  res.write = function gzipWrite(chunk, encoding, callback) {
    decide();
    if (!compressing || res.writableEnded) return write.call(res, chunk, encoding, callback);
    const cb = typeof encoding === "function" ? encoding : callback;
    if (chunk != null && chunk.length > 0) {
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8");
      pending.push(buffer);
      pendingBytes += buffer.length;
    }
    if (cb) process.nextTick(cb);
    if (pendingBytes >= MAX_PENDING) {
      if (scheduled) clearImmediate(scheduled);
      return flush();
    }
    scheduled ??= setImmediate(flush);
    return true;
  };

  res.end = function gzipEnd(chunk, encoding, callback) {
    if (typeof chunk === "function") return res.end(undefined, undefined, chunk);
    if (typeof encoding === "function") return res.end(chunk, undefined, encoding);
    decide();
    if (!compressing || res.writableEnded) return end.call(res, chunk, encoding, callback);
    if (chunk != null && chunk.length > 0) res.write(chunk, encoding);
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    return end.call(res, segment(true), callback);
  };
}

/** Wraps a request listener so that its responses are gzipped for clients that accept it. */
export function withGzip(listener) {
  return (req, res) => {
    gzipResponse(req, res, acceptsGzip(req.headers["accept-encoding"]));
    return listener(req, res);
  };
}
