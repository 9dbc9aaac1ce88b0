import "server-only";
import { cache } from "react";
import { config } from "@/lib/config";
import { withAccessToken } from "@/lib/connections";
import { DepopApiError, getOrder, listOrders } from "@/lib/depop/api";
import type { Order, OrderList } from "@/lib/depop/schemas";
import { getStoredOrder, listStoredOrders } from "@/lib/orders";
import { type OrdersQuery, ordersRange } from "./query";

export const ORDERS_PAGE_SIZE = 20;

export type OrdersPage = { orders: (Order & { received: boolean })[]; cursor: string | null; hasMore: boolean };

/**
 * One page of orders: Depop's list (newest first, its cursor, its `from`/`to`), and on the first page the orders a
 * webhook has brought that Depop's list does not show yet (delivery can be quicker than the list). Each order says
 * whether the app has it stored (`received`).
 */
export const loadOrdersPage = cache(
  async (sellerId: string, from?: string, to?: string, cursor?: string): Promise<OrdersPage> => {
    const query: OrdersQuery = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(cursor ? { cursor } : {}) };
    const range = ordersRange(query);
    const [live, stored] = await Promise.all([
      withAccessToken(sellerId, (token) =>
        listOrders(config(), token, { limit: ORDERS_PAGE_SIZE, ...range, ...(cursor ? { cursor } : {}) }),
      ),
      listStoredOrders(sellerId, { ...range, take: 200 }).catch(() => []),
    ]);
    return merge(live, stored, !cursor);
  },
);

function merge(live: OrderList, stored: Awaited<ReturnType<typeof listStoredOrders>>, firstPage: boolean): OrdersPage {
  const known = new Set(stored.map((entry) => entry.order.purchase_id));
  const orders = live.data.map((order) => ({ ...order, received: known.has(order.purchase_id) }));
  if (firstPage) {
    const listed = new Set(live.data.map((order) => order.purchase_id));
    const oldest = live.data.at(-1)?.created_at;
    for (const { order } of stored) {
      if (listed.has(order.purchase_id)) continue;
      // Only newer than what this page reaches (older ones belong to later pages), or any when it is the last.
      if (live.meta.has_more && oldest && Date.parse(order.created_at) < Date.parse(oldest)) continue;
      orders.push({ ...order, received: true });
    }
    orders.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  }
  return { orders, cursor: live.meta.cursor ?? null, hasMore: live.meta.has_more };
}

/** One order, from Depop; the stored copy when Depop does not (yet) have it. */
export const loadOrder = cache(async (sellerId: string, purchaseId: string): Promise<Order | null> => {
  try {
    return await withAccessToken(sellerId, (token) => getOrder(config(), token, purchaseId));
  } catch (error) {
    if (!(error instanceof DepopApiError && error.kind === "not_found")) throw error;
    const stored = await getStoredOrder(sellerId, purchaseId).catch(() => null);
    if (stored) return stored.order;
    return null;
  }
});
