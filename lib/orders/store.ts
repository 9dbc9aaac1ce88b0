import "server-only";
import { z } from "zod";
import { config } from "../config";
import { decrypt, encrypt } from "../crypto";
import { db } from "../db";
import { type Order, orderSchema } from "../depop/schemas";

/**
 * Stored orders: what webhooks and reconciliation bring. The order as Depop sent it (buyer name and address
 * included) is sealed under the token keys with the context `<sellerId>/order/<purchaseId>`; status and dates stay
 * in the clear for counting and sorting. The SQL is the subset SQLite and PostgreSQL share (docs/database.md).
 */

export const orderContext = (sellerId: string, purchaseId: string) => `${sellerId}/order/${purchaseId}`;

/** Stores or updates an order; true when the app had not seen it before. */
export async function recordOrder(sellerId: string, order: Order, source: "webhook" | "reconcile"): Promise<boolean> {
  const now = new Date();
  const sealed = encrypt(JSON.stringify(order), orderContext(sellerId, order.purchase_id), config().tokenKeys);
  const created = await db().$executeRaw`
    INSERT INTO "Order" ("sellerId", "purchaseId", "status", "orderCreatedAt", "source", "detailsSealed",
      "receivedAt", "updatedAt")
    VALUES (${sellerId}, ${order.purchase_id}, ${order.status}, ${new Date(order.created_at)}, ${source}, ${sealed},
      ${now}, ${now})
    ON CONFLICT ("sellerId", "purchaseId") DO NOTHING`;
  if (created === 1) return true;
  // A refund already recorded stays refunded: an older copy of the order (a late delivery) cannot undo it.
  await db().$executeRaw`
    UPDATE "Order" SET "detailsSealed" = ${sealed}, "updatedAt" = ${now},
      "status" = CASE WHEN "status" = ${"REFUNDED"} THEN "status" ELSE ${order.status} END
    WHERE "sellerId" = ${sellerId} AND "purchaseId" = ${order.purchase_id}`;
  return false;
}

/** The seller a stored order belongs to (a refund names only its order). */
export async function orderOwner(purchaseId: string): Promise<string | null> {
  const row = await db().order.findFirst({ where: { purchaseId }, select: { sellerId: true } });
  return row?.sellerId ?? null;
}

export async function markRefunded(sellerId: string, purchaseId: string): Promise<boolean> {
  const updated = await db().$executeRaw`
    UPDATE "Order" SET "status" = ${"REFUNDED"}, "updatedAt" = ${new Date()}
    WHERE "sellerId" = ${sellerId} AND "purchaseId" = ${purchaseId}`;
  return updated === 1;
}

/** Orders waiting to be shipped, as far as the app knows (the dashboard header's count). */
export async function countPendingShipments(sellerId: string): Promise<number> {
  return db().order.count({ where: { sellerId, status: "SHIPPING_PENDING" } });
}

export type StoredOrder = { order: Order; source: string; receivedAt: Date };

function openOrder(row: {
  sellerId: string;
  purchaseId: string;
  status: string;
  source: string;
  receivedAt: Date;
  detailsSealed: string | null;
}): StoredOrder | null {
  if (!row.detailsSealed) return null;
  try {
    const json: unknown = JSON.parse(
      decrypt(row.detailsSealed, orderContext(row.sellerId, row.purchaseId), config().tokenKeys),
    );
    const order = orderSchema.parse(json);
    return { order: { ...order, status: row.status }, source: row.source, receivedAt: row.receivedAt };
  } catch {
    return null;
  }
}

/** Stored orders of a seller, newest first, within an optional date range (details still held only). */
export async function listStoredOrders(
  sellerId: string,
  range: { from?: Date; to?: Date; take?: number } = {},
): Promise<StoredOrder[]> {
  const rows = await db().order.findMany({
    where: {
      sellerId,
      detailsSealed: { not: null },
      orderCreatedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) },
    },
    orderBy: [{ orderCreatedAt: "desc" }, { purchaseId: "desc" }],
    take: range.take ?? 50,
  });
  return rows.map(openOrder).filter((row): row is StoredOrder => row !== null);
}

export async function getStoredOrder(sellerId: string, purchaseId: string): Promise<StoredOrder | null> {
  const row = await db().order.findUnique({ where: { sellerId_purchaseId: { sellerId, purchaseId } } });
  return row ? openOrder(row) : null;
}

const countRow = z.array(z.object({ n: z.coerce.number().int() }));

/** Likes minus unlikes the seller's webhooks have brought (events keep their type after retention). */
export async function countLikes(sellerId: string): Promise<number> {
  const rows = await db().$queryRaw<unknown[]>`
    SELECT COALESCE(SUM(CASE WHEN "eventType" = ${"v1:product.like"} THEN 1 ELSE -1 END), 0) AS "n"
    FROM "WebhookEvent"
    WHERE "sellerId" = ${sellerId} AND "eventType" IN (${"v1:product.like"}, ${"v1:product.unlike"})`;
  return Math.max(0, countRow.parse(rows)[0]?.n ?? 0);
}

/** Disconnect's "also delete my stored orders and events". */
export async function deleteSellerData(sellerId: string): Promise<void> {
  await db().$transaction([
    db().order.deleteMany({ where: { sellerId } }),
    db().webhookEvent.deleteMany({ where: { sellerId } }),
    db().orderSync.deleteMany({ where: { sellerId } }),
  ]);
}
