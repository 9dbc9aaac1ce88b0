import { z } from "zod";
import { cursorParam } from "../query";

/** The orders page's URL state: Depop's opaque cursor and a date range (whole UTC days). Anything else is ignored. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined);

export const ordersQuerySchema = z.object({
  from: day,
  to: day,
  cursor: cursorParam,
});
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;

export function parseOrdersQuery(raw: Record<string, string | string[] | undefined>): OrdersQuery {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value || undefined);
  return ordersQuerySchema.parse({ from: single(raw.from), to: single(raw.to), cursor: single(raw.cursor) });
}

export function ordersHref(query: Partial<OrdersQuery>): string {
  const params = new URLSearchParams();
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.cursor) params.set("cursor", query.cursor);
  const search = params.toString();
  return search ? `/dashboard/orders?${search}` : "/dashboard/orders";
}

/** The range as instants: `from` at the start of its day, `to` at the end of its day (exclusive next midnight). */
export function ordersRange(query: OrdersQuery): { from?: Date; to?: Date } {
  return {
    ...(query.from ? { from: new Date(`${query.from}T00:00:00Z`) } : {}),
    ...(query.to ? { to: new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000) } : {}),
  };
}

/** The mark-as-shipped outcome the order page shows, carried in its URL as our own codes (never Depop's text). */
export const shipNoticeSchema = z.object({
  parcel: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9-]+$/)
    .optional()
    .catch(undefined),
  shipped: z.literal("1").optional().catch(undefined),
  tracking_error: z.enum(["required", "invalid", "rejected"]).optional().catch(undefined),
  carrier_error: z.enum(["required", "invalid", "rejected"]).optional().catch(undefined),
  ship_error: z
    .enum(["rejected", "unavailable", "not_found", "rate_limited", "missing_scope", "reconnect"])
    .optional()
    .catch(undefined),
});
export type ShipNotice = z.infer<typeof shipNoticeSchema>;
