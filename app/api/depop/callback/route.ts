import { type NextRequest, NextResponse } from "next/server";
import { config } from "@/lib/config";
import { completeConnection } from "@/lib/connections";
import { log } from "@/lib/log";
import { PROBLEMS, type ProblemCode } from "@/lib/problems";
import { callbackHeaders } from "@/lib/security";
import { discardTransaction } from "@/lib/session";

export const dynamic = "force-dynamic";

// Depop's codes and states are a few dozen characters; anything near this is not a real callback.
const MAX_QUERY_LENGTH = 4096;

/** Depop sends the seller back here with `code` + `state`, or `error` + `state`. GET only: Next answers 405 otherwise. */
export async function GET(request: NextRequest) {
  if (request.nextUrl.search.length > MAX_QUERY_LENGTH) {
    await discardTransaction();
    return badRequest();
  }

  let problem: ProblemCode | null;
  try {
    const result = await completeConnection(request.nextUrl.searchParams);
    problem = result.ok ? null : result.problem;
  } catch (error) {
    log.error("callback failed unexpectedly", { error });
    problem = "unexpected";
  }
  // Malformed input is refused on the spot; everything else lands on a page that says what happened.
  if (problem === "invalid_callback") return badRequest();
  if (problem) log.info("connection not completed", { problem });

  const response = NextResponse.redirect(new URL(problem ? `/?error=${problem}` : "/dashboard", config().appUrl), 303);
  return withHeaders(response);
}

function badRequest() {
  const { title, message } = PROBLEMS.invalid_callback;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><h1>${title}</h1><p>${message}</p><p><a href="/">Start again</a></p></main></body></html>`;
  return withHeaders(new NextResponse(html, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } }));
}

function withHeaders(response: NextResponse): NextResponse {
  for (const [name, value] of Object.entries(callbackHeaders(config()))) response.headers.set(name, value);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
