import { createHash } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import { config } from "@/lib/config";
import { completeConnection } from "@/lib/connections";
import { log } from "@/lib/log";
import { PROBLEMS, type ProblemCode } from "@/lib/problems";
import { hitRateLimit } from "@/lib/rate-limit";
import { callbackHeaders } from "@/lib/security";
import { discardTransaction } from "@/lib/session";
import { getSessionSellerId } from "@/lib/sessions";

export const dynamic = "force-dynamic";

// Depop's codes and states are a few dozen characters; anything near this is not a real callback.
const MAX_QUERY_LENGTH = 4096;
/** Depop sends the seller back here with `code` + `state`, or `error` + `state`. GET only. */
export async function GET(request: NextRequest) {
  if (request.nextUrl.search.length > MAX_QUERY_LENGTH) {
    await discardTransaction();
    return page(400, PROBLEMS.invalid_callback);
  }
  const limited = await rateLimited(request);
  if (limited) return limited;

  let problem: ProblemCode | null;
  try {
    const result = await completeConnection(request.nextUrl.searchParams);
    problem = result.ok ? null : result.problem;
  } catch (error) {
    log.error("callback failed unexpectedly", { error });
    problem = "unexpected";
  }
  // Malformed input is refused on the spot; everything else lands on a page that says what happened.
  if (problem === "invalid_callback") return page(400, PROBLEMS.invalid_callback);
  if (problem) log.info("connection not completed", { problem });
  // Back through a stale or used attempt (the back button after connecting) while signed in: nothing to fix.
  if (problem === "expired" && (await getSessionSellerId().catch(() => null))) problem = null;

  const response = NextResponse.redirect(new URL(problem ? `/?error=${problem}` : "/dashboard", config().appUrl), 303);
  return withHeaders(response);
}

/** HEAD would otherwise run the whole callback (Next answers HEAD with the GET handler). */
export function HEAD() {
  return withHeaders(new NextResponse(null, { status: 405, headers: { allow: "GET" } }));
}

/**
 * Callbacks per client address, counted in the database (every instance shares the count). The address is the
 * last X-Forwarded-For hop: the one the proxy in front of the app (or Next itself) recorded.
 */
async function rateLimited(request: NextRequest): Promise<NextResponse | null> {
  const address = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
  const key = `callback:${createHash("sha256").update(address).digest("base64url")}`;
  try {
    const { allowed, retryAfterSeconds } = await hitRateLimit(key, config().callbackRateLimit, 60);
    if (allowed) return null;
    await discardTransaction();
    const response = page(429, {
      title: "Too many connection attempts",
      message: `Please wait ${retryAfterSeconds} seconds, then connect again.`,
    });
    response.headers.set("Retry-After", String(retryAfterSeconds));
    return response;
  } catch (error) {
    // The count lives in the database; without it the callback cannot store a connection either, and says so.
    log.warn("callback rate limit unavailable", { error });
    return null;
  }
}

function page(status: number, { title, message }: { title: string; message: string }) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><h1>${title}</h1><p>${message}</p><p><a href="/">Start again</a></p></main></body></html>`;
  return withHeaders(new NextResponse(html, { status, headers: { "content-type": "text/html; charset=utf-8" } }));
}

function withHeaders(response: NextResponse): NextResponse {
  for (const [name, value] of Object.entries(callbackHeaders(config()))) response.headers.set(name, value);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
