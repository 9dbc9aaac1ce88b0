import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { StubContext } from "./context";
import { sendApiError } from "./errors";
import { type BodyResult, duplicateNames, pairsToMap, parseForm, sendJson } from "./http";
import type { Order } from "./orders";
import { ADDRESSES_PATH, ORDER_PATH, ORDERS_PATH, REFUND_PATH, SHIP_PATH } from "./routes";
import { authorize, SHOP_SCOPE_MESSAGE } from "./seller-api";

/** The order endpoints (§10) and seller addresses (§9). Returns false for a path that is none of them. */
export function handleOrdersApi(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  rawQuery: string,
  body: BodyResult | undefined,
): boolean {
  if (path === ORDERS_PATH) {
    if (method(req, res, "GET")) listOrders(ctx, req, res, rawQuery);
    return true;
  }
  if (path === ADDRESSES_PATH) {
    if (method(req, res, "GET")) listAddresses(ctx, req, res);
    return true;
  }
  const ship = SHIP_PATH.exec(path);
  if (ship?.[1] !== undefined && ship[2] !== undefined) {
    if (method(req, res, "POST")) markShipped(ctx, req, res, ship[1], ship[2], body);
    return true;
  }
  const refund = REFUND_PATH.exec(path);
  if (refund?.[1] !== undefined) {
    if (method(req, res, "POST")) refundOrder(ctx, req, res, refund[1], body);
    return true;
  }
  const single = ORDER_PATH.exec(path);
  if (single?.[1] !== undefined) {
    if (method(req, res, "GET")) getOrder(ctx, req, res, single[1]);
    return true;
  }
  return false;
}

function method(req: IncomingMessage, res: ServerResponse, allowed: "GET" | "POST"): boolean {
  if (req.method === allowed) return true;
  sendApiError(res, 405, "method_not_allowed", `Method ${req.method ?? ""} is not allowed here`, { Allow: allowed });
  return false;
}

const READ = "Required scope: orders_read";
const WRITE = "Required scope: orders_write";

/** Depop's order cursor decodes to a plain purchase id (§10, inferred); one that names no order is refused. */
const encodeCursor = (purchaseId: string) => Buffer.from(purchaseId, "utf8").toString("base64").replace(/=+$/, "");

function decodeCursor(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{1,200}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, "base64").toString("utf8");
  return /^\d{1,20}$/.test(decoded) && encodeCursor(decoded) === text ? decoded : undefined;
}

function parseInstant(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

function listOrders(ctx: StubContext, req: IncomingMessage, res: ServerResponse, rawQuery: string): void {
  const principal = authorize(ctx, req, res, "orders_read", READ);
  if (!principal) return;
  const parsed = parseForm(rawQuery);
  if (!parsed.ok || duplicateNames(parsed.pairs).length > 0) {
    sendApiError(res, 400, "bad-request", "malformed or repeated query parameter");
    return;
  }
  const params = pairsToMap(parsed.pairs);
  const rawLimit = params.get("limit");
  const limit = rawLimit === undefined ? 20 : /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : 0;
  if (limit < 1 || limit > 200) {
    sendApiError(res, 400, "bad-request", "limit must be an integer between 1 and 200");
    return;
  }
  const from = parseInstant(params.get("from"));
  const to = parseInstant(params.get("to"));
  if (from === null || to === null) {
    sendApiError(res, 400, "bad-request", "from and to must be ISO 8601 dates");
    return;
  }
  let orders = ctx.orders.forSeller(principal.seller.id).filter((order) => {
    const created = Date.parse(order.created_at);
    return (from === undefined || created >= from) && (to === undefined || created < to);
  });
  const rawCursor = params.get("cursor");
  if (rawCursor !== undefined) {
    const after = decodeCursor(rawCursor);
    const position = after === undefined ? -1 : orders.findIndex((order) => order.purchase_id === after);
    if (position === -1) {
      sendApiError(res, 400, "bad-request", "invalid cursor");
      return;
    }
    orders = orders.slice(position + 1);
  }
  const data = orders.slice(0, limit);
  const last = data.at(-1);
  sendJson(res, 200, {
    meta: { cursor: last ? encodeCursor(last.purchase_id) : "", has_more: orders.length > limit },
    data,
  });
}

function findOwnOrder(ctx: StubContext, res: ServerResponse, sellerId: number, rawId: string): Order | undefined {
  const order = /^\d{1,20}$/.test(rawId) ? ctx.orders.find(sellerId, rawId) : undefined;
  if (!order) sendApiError(res, 404, "order_not_found", `Order (purchase_id: ${rawId}) not found`);
  return order;
}

function getOrder(ctx: StubContext, req: IncomingMessage, res: ServerResponse, rawId: string): void {
  const principal = authorize(ctx, req, res, "orders_read", READ);
  if (!principal) return;
  const order = findOwnOrder(ctx, res, principal.seller.id, rawId);
  if (order) sendJson(res, 200, order);
}

const ShipInput = z.object({
  tracking_number: z.string().trim().min(1).max(64),
  carrier: z.string().trim().min(1).max(50),
});

const RefundInput = z.object({
  items_refund_amount: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,2})?$/)
    .optional(),
  shipping_refund_amount: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,2})?$/)
    .optional(),
  send_buyer_message: z.string().max(1000).optional(),
});

function readJsonBody(res: ServerResponse, body: BodyResult | undefined): unknown {
  if (!body?.ok) {
    sendApiError(res, 413, "bad-request", "request body too large");
    return undefined;
  }
  const text = body.body.toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    sendApiError(res, 400, "bad-request", "body is not valid JSON");
    return undefined;
  }
}

/** An order write: orders_write, then the seller's own order; undefined once an error has been answered. */
function writableOrder(ctx: StubContext, req: IncomingMessage, res: ServerResponse, rawId: string) {
  const principal = authorize(ctx, req, res, "orders_write", WRITE);
  return principal ? findOwnOrder(ctx, res, principal.seller.id, rawId) : undefined;
}

function markShipped(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawId: string,
  parcelId: string,
  body: BodyResult | undefined,
): void {
  const order = writableOrder(ctx, req, res, rawId);
  if (!order) return;
  if (!order.line_items.some((item) => item.parcel_id === parcelId)) {
    sendApiError(res, 404, "parcel_not_found", `Parcel ${parcelId} is not part of this order`);
    return;
  }
  const json = readJsonBody(res, body);
  if (json === undefined) return;
  const input = ShipInput.safeParse(json);
  if (!input.success) {
    sendApiError(res, 422, "validation", "tracking_number and carrier are required strings");
    return;
  }
  // Depop does not say what a second shipment or a shipment of a closed order gets: the plainer answer is 422.
  if (order.status !== "SHIPPING_PENDING") {
    sendApiError(res, 422, "validation", "the order is not awaiting shipment");
    return;
  }
  ctx.orders.shipments.push({
    purchase_id: order.purchase_id,
    parcel_id: parcelId,
    tracking_number: input.data.tracking_number,
    carrier: input.data.carrier,
    at: new Date(ctx.clock.now()).toISOString(),
  });
  const shipped = new Set(
    ctx.orders.shipments.filter((entry) => entry.purchase_id === order.purchase_id).map((entry) => entry.parcel_id),
  );
  if (order.line_items.every((item) => shipped.has(item.parcel_id))) order.status = "SHIPPED";
  sendJson(res, 200, { purchase_id: order.purchase_id, parcel_id: parcelId, status: order.status });
}

function refundOrder(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawId: string,
  body: BodyResult | undefined,
): void {
  const order = writableOrder(ctx, req, res, rawId);
  if (!order) return;
  const json = readJsonBody(res, body);
  if (json === undefined) return;
  const input = RefundInput.safeParse(json);
  if (!input.success) {
    sendApiError(res, 422, "validation", "refund amounts must be decimal strings");
    return;
  }
  if (order.status === "REFUNDED" || order.status === "CANCELLED") {
    sendApiError(res, 422, "validation", "the order cannot be refunded");
    return;
  }
  applyRefund(order, input.data.items_refund_amount, input.data.shipping_refund_amount);
  ctx.webhooks
    .deliver(ctx.webhooks.makeEvent("v1:order.refund", { purchase_id: order.purchase_id, refunded_by: "seller" }))
    .catch(() => undefined);
  sendJson(res, 200, { purchase_id: order.purchase_id, status: order.status });
}

/** Marks an order refunded (in full unless amounts are given), as the API and the control call both do. */
export function applyRefund(order: Order, items?: string, shipping?: string): void {
  const itemsCents = items
    ? Math.round(Number(items) * 100)
    : order.line_items.reduce((sum, item) => sum + Math.round(Number(item.sold_price) * 100), 0);
  const shippingCents = shipping
    ? Math.round(Number(shipping) * 100)
    : Math.round(Number(order.buyer_shipping_price) * 100);
  order.status = "REFUNDED";
  order.refund_summary = {
    total_refunded_amount: ((itemsCents + shippingCents) / 100).toFixed(2),
    items_refunded_amount: (itemsCents / 100).toFixed(2),
    shipping_refunded_amount: (shippingCents / 100).toFixed(2),
  };
}

function listAddresses(ctx: StubContext, req: IncomingMessage, res: ServerResponse): void {
  const principal = authorize(ctx, req, res, "shop_read", SHOP_SCOPE_MESSAGE);
  if (!principal) return;
  const { seller } = principal;
  const gb = seller.countryCode === "GB";
  // Depop's seller-address list ends with `cursor: null` (§9), unlike the product list.
  sendJson(res, 200, {
    meta: { cursor: null, has_more: false },
    data: [
      {
        id: seller.id * 10 + 1,
        name: "Shop address",
        address_line_1: gb ? "1 Warehouse Row" : "99 Dock Street",
        city: gb ? "London" : "New York",
        postcode: gb ? "E1 6AN" : "10001",
        country_code: seller.countryCode,
      },
    ],
  });
}
