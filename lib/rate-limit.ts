import "server-only";
import { z } from "zod";
import { db } from "./db";

/**
 * A fixed-window counter in the database, so every instance counts against the same limit. One upsert per hit
 * (the SQL both databases share); windows that have ended are swept as new ones start.
 */
export async function hitRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const now = Date.now();
  const windowMs = windowSeconds * 1000;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const expiresAt = new Date(windowStart + windowMs);
  const rows = await db().$queryRaw<unknown[]>`
    INSERT INTO "RateLimit" ("key", "count", "expiresAt") VALUES (${`${key}@${windowStart}`}, 1, ${expiresAt})
    ON CONFLICT ("key") DO UPDATE SET "count" = "RateLimit"."count" + 1
    RETURNING "count"`;
  const count = z.array(z.object({ count: z.coerce.number().int() })).parse(rows)[0]?.count ?? 1;
  if (count === 1) await db().rateLimit.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((expiresAt.getTime() - now) / 1000)) };
}
