/** Which stub endpoint a request is for; drives the request log, faults and dispatch. */
export type Origin = "www" | "api";
export type Endpoint =
  | "authorize"
  | "decision"
  | "token"
  | "shop"
  | "products"
  | "product"
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
export const MEDIA_PATH = /^\/media\/(\d{1,15})\/P(\d{1,2})\.png$/;

/** Paths are matched raw (still percent-encoded) and exactly: Depop's paths all end in "/" (§1). */
export function classify(origin: Origin, path: string): Endpoint {
  if (origin === "www") {
    if (path === AUTHORIZE_PATH) return "authorize";
    if (path === DECISION_PATH) return "decision";
    if (path.startsWith("/media/")) return "media";
    return "other";
  }
  if (path === "/_stub" || path.startsWith("/_stub/")) return "control";
  if (path === TOKEN_PATH) return "token";
  if (path === STATUS_PATH) return "status";
  if (path === SHOP_PATH) return "shop";
  if (path === PRODUCTS_PATH) return "products";
  if (PRODUCT_PATH.test(path)) return "product";
  return "other";
}
