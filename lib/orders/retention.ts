import "server-only";
import { db } from "../db";

/**
 * Personal data is kept for DATA_RETENTION_DAYS: after that an event keeps its id, type, times, seller and state
 * but loses its payload, and an order keeps its id, status and dates but loses its details (buyer, address, items).
 */
export async function purgeExpiredData(retentionDays: number): Promise<{ events: number; orders: number }> {
  const before = new Date(Date.now() - retentionDays * 86_400_000);
  const events = await db().$executeRaw`
    UPDATE "WebhookEvent" SET "payloadSealed" = NULL
    WHERE "payloadSealed" IS NOT NULL AND "receivedAt" < ${before} AND "status" <> ${"pending"}`;
  const orders = await db().$executeRaw`
    UPDATE "Order" SET "detailsSealed" = NULL WHERE "detailsSealed" IS NOT NULL AND "updatedAt" < ${before}`;
  return { events, orders };
}
