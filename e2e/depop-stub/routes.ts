/** Which stub endpoint a request is for; drives the request log, faults and dispatch. */
export type Origin = "www" | "api";
export type Endpoint =
  | "authorize"
  | "decision"
  | "token"
  | "shop"
  | "products"
  | "product"
  | "product_write"
  | "orders"
  | "order"
  | "ship"
  | "refund"
  | "addresses"
  | "home"
  | "demo_sale"
  | "media"
  | "status"
  | "control"
  | "other";

export const AUTHORIZE_PATH = "/settings/oauth/apps/";
export const DECISION_PATH = "/settings/oauth/apps/decision";
export const TOKEN_PATH = "/api/v1/oauth2/access-token/";
export const SHOP_PATH = "/api/v1/shop/";
export const PRODUCTS_PATH = "/api/v1/products/";
export const STATUS_PATH = "/status";
export const PRODUCT_PATH = /^\/api\/v1\/products\/by-(product-id|sku|slug)\/([^/]+)\/$/;
export const MARK_SOLD_PATH = /^\/api\/v1\/products\/by-(product-id|sku|slug)\/([^/]+)\/mark-as-sold\/$/;
export const ORDERS_PATH = "/api/v1/orders/";
export const ORDER_PATH = /^\/api\/v1\/orders\/([^/]+)\/$/;
export const SHIP_PATH = /^\/api\/v1\/orders\/([^/]+)\/parcels\/([^/]+)\/mark-as-shipped\/$/;
export const REFUND_PATH = /^\/api\/v1\/orders\/([^/]+)\/refund\/$/;
export const ADDRESSES_PATH = "/api/v1/shop/seller-addresses/";
export const HOME_PATH = "/";
export const DEMO_SALE_PATH = "/demo/sale";
export const MEDIA_PATH = /^\/media\/(\d{1,15})\/P(\d{1,2})\.png$/;

/** A listing write (§8): any method but GET on a product path, `mark-as-sold`, or POST to the product list. */
export function classifyApi(method: string, path: string): Endpoint {
  const endpoint = classify("api", path);
  if ((endpoint === "product" || endpoint === "products") && method !== "GET") {
    return endpoint === "products" && method !== "POST" ? endpoint : "product_write";
  }
  return endpoint;
}

/** Paths are matched raw (still percent-encoded) and exactly: Depop's paths all end in "/" (§1). */
export function classify(origin: Origin, path: string): Endpoint {
  if (origin === "www") {
    if (path === AUTHORIZE_PATH) return "authorize";
    if (path === DECISION_PATH) return "decision";
    if (path.startsWith("/media/")) return "media";
    if (path === HOME_PATH) return "home";
    if (path === DEMO_SALE_PATH) return "demo_sale";
    return "other";
  }
  if (path === "/_stub" || path.startsWith("/_stub/")) return "control";
  if (path === TOKEN_PATH) return "token";
  if (path === STATUS_PATH) return "status";
  if (path === SHOP_PATH) return "shop";
  if (path === PRODUCTS_PATH) return "products";
  if (PRODUCT_PATH.test(path)) return "product";
  if (MARK_SOLD_PATH.test(path)) return "product_write";
  if (path === ORDERS_PATH) return "orders";
  if (path === ADDRESSES_PATH) return "addresses";
  if (SHIP_PATH.test(path)) return "ship";
  if (REFUND_PATH.test(path)) return "refund";
  if (ORDER_PATH.test(path)) return "order";
  return "other";
}
