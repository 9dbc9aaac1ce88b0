import "server-only";
import { config } from "../config";
import { DecryptError, decrypt, encrypt } from "../crypto";
import { db } from "../db";
import { orderSchema } from "../depop/schemas";
import { depopForSeller } from "../jobs";
import { log } from "../log";
import {
  envelopePurchaseId,
  envelopeShopId,
  likeDataSchema,
  parseWebhookEnvelope,
  refundDataSchema,
  type WebhookEnvelope,
} from "../webhooks/signature";
import { type EventContext, handlers, PermanentEventError } from "./handlers";
import { markRefunded, orderOwner, recordOrder } from "./store";

/**
 * Stored webhook events and their handling: each delivery stored once by its id (`INSERT … ON CONFLICT DO
 * NOTHING`), then handled once: claimed with a short lease (one `UPDATE` whose `WHERE` names the event's state, so
 * one process wins), recorded (order stored, refund marked), handed to the extension point (`handlers.ts`), and
 * retried with back-off on failure, up to a dead letter. No queue of our own: the rows are the queue, the webhook
 * route handles new events right after answering, and the cron route resumes due retries.
 */

export const eventContext = (id: string) => `event/${id}`;

const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 8;
const BACKOFF_SECONDS = [5, 30, 120, 600, 1800, 7200, 21_600];

/** Stores a verified delivery; false when an event with this id is already stored (a duplicate delivery). */
export async function storeEvent(envelope: WebhookEnvelope, body: Buffer): Promise<boolean> {
  const now = new Date();
  const shopId = envelopeShopId(envelope);
  const seller = shopId ? await db().seller.findUnique({ where: { depopShopId: shopId }, select: { id: true } }) : null;
  const sealed = encrypt(body.toString("utf8"), eventContext(envelope.id), config().tokenKeys);
  const stored = await db().$executeRaw`
    INSERT INTO "WebhookEvent" ("id", "sellerId", "depopShopId", "eventType", "purchaseId", "createdAt",
      "receivedAt", "payloadSealed", "status", "attempts")
    VALUES (${envelope.id}, ${seller?.id ?? null}, ${shopId}, ${envelope.event_type}, ${envelopePurchaseId(envelope)},
      ${new Date(envelope.created_at)}, ${now}, ${sealed}, ${"pending"}, 0)
    ON CONFLICT ("id") DO NOTHING`;
  return stored === 1;
}

class RetryableEventError extends Error {
  override name = "RetryableEventError";
}

/** Handles one stored event if it is due and nobody else is on it. Never throws. */
export async function processEvent(id: string): Promise<"done" | "retry" | "dead" | "skipped"> {
  const now = new Date();
  const claimed = await db().$executeRaw`
    UPDATE "WebhookEvent" SET "leaseUntil" = ${new Date(now.getTime() + LEASE_MS)}, "attempts" = "attempts" + 1
    WHERE "id" = ${id} AND "status" = ${"pending"}
      AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
      AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${now})`;
  if (claimed !== 1) return "skipped";
  const event = await db().webhookEvent.findUnique({ where: { id } });
  if (!event) return "skipped";

  let sellerId = event.sellerId;
  try {
    if (!event.payloadSealed) throw new PermanentEventError("payload_expired");
    let body: string;
    try {
      body = decrypt(event.payloadSealed, eventContext(id), config().tokenKeys);
    } catch (error) {
      throw error instanceof DecryptError ? new PermanentEventError("undecryptable") : error;
    }
    const envelope = parseWebhookEnvelope(Buffer.from(body, "utf8"));
    if (!envelope) throw new PermanentEventError("invalid_envelope");
    sellerId ??= await resolveSeller(event.depopShopId, event.purchaseId);
    const outcome = await handle(envelope, sellerId);
    if (outcome.sellerId) sellerId = outcome.sellerId;
    await db().webhookEvent.update({
      where: { id },
      data: {
        status: "done",
        sellerId,
        leaseUntil: null,
        nextAttemptAt: null,
        lastError: outcome.note ?? null,
        handledAt: new Date(),
      },
    });
    return "done";
  } catch (error) {
    const permanent = error instanceof PermanentEventError;
    const dead = permanent || event.attempts >= MAX_ATTEMPTS;
    const kind =
      error instanceof PermanentEventError || error instanceof RetryableEventError ? error.message : "handler_failed";
    const delay = BACKOFF_SECONDS[Math.min(event.attempts - 1, BACKOFF_SECONDS.length - 1)] ?? 60;
    if (!(error instanceof PermanentEventError || error instanceof RetryableEventError)) {
      log.warn("an event handler failed", { eventId: id, eventType: event.eventType, error });
    }
    await db()
      .webhookEvent.update({
        where: { id },
        data: {
          status: dead ? "dead" : "pending",
          sellerId,
          leaseUntil: null,
          nextAttemptAt: dead ? null : new Date(Date.now() + delay * 1000),
          lastError: kind.slice(0, 64),
        },
      })
      .catch((writeError: unknown) =>
        log.warn("could not record an event's failure", { eventId: id, error: writeError }),
      );
    return dead ? "dead" : "retry";
  }
}

async function resolveSeller(shopId: string | null, purchaseId: string | null): Promise<string | null> {
  if (shopId) {
    const seller = await db().seller.findUnique({ where: { depopShopId: shopId }, select: { id: true } });
    if (seller) return seller.id;
  }
  return purchaseId ? orderOwner(purchaseId) : null;
}

/** What the app itself does with each event type, then the integrator's handler. */
async function handle(
  envelope: WebhookEnvelope,
  sellerId: string | null,
): Promise<{ sellerId?: string; note?: string }> {
  const context = (id: string): EventContext => ({
    sellerId: id,
    eventId: envelope.id,
    createdAt: new Date(envelope.created_at),
    depop: depopForSeller(id),
  });
  switch (envelope.event_type) {
    case "v1:order.new": {
      const order = orderSchema.safeParse(envelope.data);
      if (!order.success) throw new PermanentEventError("invalid_order");
      // A seller who is not connected (or no longer): nothing of theirs to record. Reconciliation catches up
      // if they connect.
      if (!sellerId) return { note: "no_seller" };
      await recordOrder(sellerId, order.data, "webhook");
      await nudgeWaitingEvents(order.data.purchase_id);
      await handlers["v1:order.new"]?.(order.data, context(sellerId));
      return { sellerId };
    }
    case "v1:order.refund": {
      const refund = refundDataSchema.safeParse(envelope.data);
      if (!refund.success) throw new PermanentEventError("invalid_refund");
      // The refund can overtake its order (delivery order is not guaranteed): wait for the order to arrive.
      const owner = sellerId ?? (await orderOwner(refund.data.purchase_id));
      if (!owner || !(await markRefunded(owner, refund.data.purchase_id)))
        throw new RetryableEventError("order_unknown");
      await handlers["v1:order.refund"]?.(
        {
          purchaseId: refund.data.purchase_id,
          ...(refund.data.refunded_by ? { refundedBy: refund.data.refunded_by } : {}),
        },
        context(owner),
      );
      return { sellerId: owner };
    }
    case "v1:product.like":
    case "v1:product.unlike": {
      const like = likeDataSchema.safeParse(envelope.data);
      if (!like.success) throw new PermanentEventError("invalid_like");
      if (!sellerId) return { note: "no_seller" };
      // Counted from the stored events themselves (lib/orders/store.ts countLikes).
      await handlers[envelope.event_type]?.({ productId: like.data.product_id, sku: like.data.sku }, context(sellerId));
      return { sellerId };
    }
    default:
      if (sellerId) await handlers.other?.(envelope.event_type, envelope.data, context(sellerId));
      return { note: "unknown_type" };
  }
}

/** A refund that arrived before its order is due again now that the order is here. */
async function nudgeWaitingEvents(purchaseId: string): Promise<void> {
  const waiting = await db().webhookEvent.findMany({
    where: { purchaseId, status: "pending", eventType: { not: "v1:order.new" } },
    select: { id: true },
  });
  if (waiting.length === 0) return;
  await db().webhookEvent.updateMany({
    where: { id: { in: waiting.map((row) => row.id) }, status: "pending" },
    data: { nextAttemptAt: new Date() },
  });
  for (const row of waiting) await processEvent(row.id);
}

/** Handles every event that is due (new ones a crashed process left, and retries whose time has come). */
export async function processDueEvents(limit = 200): Promise<{ done: number; retry: number; dead: number }> {
  const now = new Date();
  const due = await db().webhookEvent.findMany({
    where: {
      status: "pending",
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
      AND: [{ OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }],
    },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true },
  });
  const result = { done: 0, retry: 0, dead: 0 };
  for (const { id } of due) {
    const outcome = await processEvent(id);
    if (outcome !== "skipped") result[outcome]++;
  }
  return result;
}

export type EventSummary = {
  id: string;
  eventType: string;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
};

/** What the connection page shows: events that gave up, and how many wait for a retry. */
export async function eventHealth(sellerId: string): Promise<{ dead: EventSummary[]; retrying: number }> {
  const select = { id: true, eventType: true, createdAt: true, attempts: true, lastError: true } as const;
  const [dead, retrying] = await Promise.all([
    db().webhookEvent.findMany({
      where: { sellerId, status: "dead" },
      orderBy: { receivedAt: "desc" },
      take: 20,
      select,
    }),
    db().webhookEvent.count({ where: { sellerId, status: "pending", attempts: { gt: 0 } } }),
  ]);
  return { dead, retrying };
}
