/** Every scope Depop defines (§6), in the order the consent page lists them. */
export const SCOPES = [
  "products_read",
  "products_write",
  "orders_read",
  "orders_write",
  "offers_read",
  "offers_write",
  "shop_read",
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  products_read: "See your listings and product details",
  products_write: "Create, edit, delete and mark your listings as sold",
  orders_read: "See your orders and order history",
  orders_write: "Mark your orders as shipped and refund them",
  offers_read: "See your automatic offer prices",
  offers_write: "Set automatic offer prices and send offers to buyers",
  shop_read: "See your shop details, seller addresses and shipping providers",
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Scope lists arrive joined by "+" (literal or %2B, §2) and, leniently, by spaces (RFC 6749). */
export function splitScopes(value: string): string[] {
  return value.split(/[ +]+/).filter((part) => part.length > 0);
}
