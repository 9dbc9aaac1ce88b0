import { createHash, timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { config } from "@/lib/config";
import { isStorageError } from "@/lib/db";
import { resumeListingJobs } from "@/lib/listings/jobs";
import { log } from "@/lib/log";
import { reconcile } from "@/lib/orders";

export const dynamic = "force-dynamic";
// A run pages through every seller's orders: give it the longest a Vercel function may take.
export const maxDuration = 300;

const answer = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * Reconciliation on a schedule, and the resumption of unfinished bulk listing jobs (Vercel Cron's convention: `Authorization: Bearer <CRON_SECRET>`). Off (404) without
 * CRON_SECRET; 401 for a missing or wrong bearer. Safe to run twice at once (each seller has a lease). The answer
 * holds counts only.
 */
export async function GET(request: NextRequest) {
  const secret = config().cronSecret;
  if (!secret) return answer(404, { error: "not_found" });
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!sameSecret(given, secret)) return answer(401, { error: "unauthorized" });
  try {
    // Bulk listing jobs whose request's `after()` did not finish them (a process gone, a run out of time).
    const listingJobs = await resumeListingJobs();
    return answer(200, { ...(await reconcile()), listingJobs });
  } catch (error) {
    log.error("reconciliation failed", { error: isStorageError(error) ? "storage" : error });
    return answer(503, { error: "unavailable" });
  }
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
