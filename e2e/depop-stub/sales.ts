import type { StubContext } from "./context";
import type { Seller } from "./data";
import type { Order } from "./orders";
import type { DeliveryMode, DeliveryRecord } from "./webhooks";

/**
 * A simulated purchase, like Depop staging's purchase endpoint: the order (awaiting shipment), the product marked
 * purchased, and a signed `v1:order.new` delivered to the app (as `mode` says). The product is the given one if it
 * is on sale, else the seller's newest product on sale.
 */
export async function simulatePurchase(
  ctx: StubContext,
  seller: Seller,
  options: { productId?: number; mode?: DeliveryMode; delayMs?: number } = {},
): Promise<{ order: Order; delivery: DeliveryRecord } | { problem: "not_on_sale" }> {
  let index: number | undefined;
  if (options.productId !== undefined) {
    const candidate = options.productId - seller.firstProductId;
    if (candidate >= 0 && candidate < seller.productCount && seller.statuses[candidate] === 0) index = candidate;
  } else {
    for (let i = seller.productCount - 1; i >= 0; i--) {
      if (seller.statuses[i] === 0) {
        index = i;
        break;
      }
    }
  }
  if (index === undefined) return { problem: "not_on_sale" };
  const order = ctx.orders.purchase(seller, index, ctx.urls.www);
  const event = ctx.webhooks.makeEvent("v1:order.new", structuredClone(order) as unknown as Record<string, unknown>);
  const delivery = await ctx.webhooks.deliver(event, options.mode ?? "normal", options.delayMs);
  return { order, delivery };
}

export function countOnSale(seller: Seller): number {
  let count = 0;
  for (let i = 0; i < seller.productCount; i++) if (seller.statuses[i] === 0) count++;
  return count;
}
