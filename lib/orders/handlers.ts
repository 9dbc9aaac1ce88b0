import "server-only";
import type { Order } from "../depop/schemas";
import type { DepopForSeller } from "../jobs";

/**
 * THE EXTENSION POINT: where an integrator reacts to Depop's events (README "Reacting to events").
 *
 * Each stored webhook event is handed to the handler for its type once, after the app has recorded it (the order
 * is stored, a refund marked). A handler that throws is retried later with back-off (5 s, 30 s, 2 min, 10 min,
 * 30 min, 2 h, 6 h), by the next delivery's processing and by the cron route; after the last attempt the event is
 * "dead" and the connection page lists it. So a handler may run more than once for one event if it failed before:
 * make it idempotent (e.g. "delist SKU x elsewhere" is). Throw `PermanentEventError` for a failure retrying cannot
 * fix: the event goes straight to dead.
 *
 * `depop` calls Depop for the event's seller with a valid access token (refreshed through the same single-flight
 * path as the pages, paused while Depop rate-limits the seller), e.g. `await depop((api) => api.getProduct(id))`.
 */

export type EventContext = {
  /** The app's id for the seller (Seller.id). */
  sellerId: string;
  eventId: string;
  /** Depop's `created_at` of the event. */
  createdAt: Date;
  depop: DepopForSeller;
};

export type EventHandlers = {
  "v1:order.new"?: (order: Order, context: EventContext) => Promise<void>;
  "v1:order.refund"?: (refund: { purchaseId: string; refundedBy?: string }, context: EventContext) => Promise<void>;
  "v1:product.like"?: (like: { productId: number; sku?: string | null }, context: EventContext) => Promise<void>;
  "v1:product.unlike"?: (like: { productId: number; sku?: string | null }, context: EventContext) => Promise<void>;
  /** Any other event type: stored and acknowledged; this sees its type and raw `data`. */
  other?: (eventType: string, data: Record<string, unknown>, context: EventContext) => Promise<void>;
};

/** A failure retrying cannot fix: the event is marked dead at once. */
export class PermanentEventError extends Error {
  override name = "PermanentEventError";
}

export const handlers: EventHandlers = {
  // Example, for a cross-listing tool: an item sold on Depop is delisted everywhere else.
  //
  // "v1:order.new": async (order, { sellerId }) => {
  //   for (const item of order.line_items) await otherMarketplace.delist(sellerId, item.sku ?? String(item.product_id));
  // },
};
