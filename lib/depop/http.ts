import "server-only";

/**
 * The one way this app talks HTTP to Depop: a timeout on every call, redirects never followed (a redirect could
 * carry our client secret or bearer token somewhere we did not choose), and bodies read up to a limit.
 */

export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
}

export async function depopFetch(
  input: string | URL,
  init: RequestInit,
  options: { timeoutMs: number; maxBytes: number },
): Promise<Response> {
  const response = await fetch(input, {
    ...init,
    cache: "no-store",
    redirect: "manual",
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const body = await readLimited(response, options.maxBytes);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function readLimited(response: Response, maxBytes: number): Promise<ArrayBuffer | null> {
  if (!response.body) return null;
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new ResponseTooLargeError(`response of ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLargeError(`response is over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body.buffer;
}
