import { databaseReachable } from "@/lib/db";

export const dynamic = "force-dynamic";

/**
 * For load balancers and uptime checks: 200 when this instance can reach its database, 503 when it cannot. No
 * details, no authentication, nothing cached.
 */
export async function GET() {
  const ok = await databaseReachable();
  return Response.json(
    { status: ok ? "ok" : "unavailable" },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
