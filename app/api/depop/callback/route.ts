import { type NextRequest, NextResponse } from "next/server";
import { config } from "@/lib/config";
import { completeConnection } from "@/lib/connections";
import type { ProblemCode } from "@/lib/problems";

export const dynamic = "force-dynamic";

/** Depop sends the seller back here with `code` + `state`, or `error` + `state`. */
export async function GET(request: NextRequest) {
  let problem: ProblemCode | null;
  try {
    const result = await completeConnection(request.nextUrl.searchParams);
    problem = result.ok ? null : result.problem;
  } catch {
    problem = "unexpected";
  }
  const target = new URL(problem ? `/?error=${problem}` : "/dashboard", config().appUrl);
  const response = NextResponse.redirect(target, 303);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
