import "server-only";
import type { z } from "zod";
import type { Config } from "../config";
import { type DepopAnswer, depopRequest, ResponseTooLargeError } from "./http";
import { type Pacer, pacerFor, writePacerFor } from "./pacer";
import {
  apiErrorSchema,
  type Order,
  type OrderList,
  orderListSchema,
  orderSchema,
  type Product,
  type ProductCardList,
  type ProductList,
  productCardListSchema,
  productListSchema,
  productSchema,
  type SellerAddressList,
  type Shop,
  sellerAddressListSchema,
  shopSchema,
  writeAnswerSchema,
} from "./schemas";

/** The fields of a listing this app changes (Depop's request names; money as decimal strings, §8). */
export type ListingChanges = {
  price_amount?: string;
  quantity?: number;
  description?: string;
  national_shipping_cost?: string;
};

/** The Seller API client: typed requests, zod-checked responses, errors as values with a kind. */

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export type ApiSettings = Pick<Config, "apiUrl" | "httpTimeoutMs" | "depopMaxRps">;
/** Listing writes have a budget of their own at Depop, so they need its setting too. */
export type WriteSettings = ApiSettings & Pick<Config, "depopMaxWriteRps">;

export type DepopApiErrorKind =
  | "unauthorized" // 401: the access token is not (or no longer) accepted
  | "insufficient_scope" // 403: the grant lacks a scope
  | "not_found" // 404
  | "bad_request" // 400: e.g. a stale cursor
  | "rejected" // 409, 422: Depop refused a write (its error codes are in `details.codes`)
  | "rate_limited" // 429
  | "write_rate_limited" // 429 on listing writes, still after the write pacer's retries: the app-wide write budget
  | "unavailable" // 5xx, network error, timeout
  | "invalid_response"; // a body we cannot trust

export class DepopApiError extends Error {
  override name = "DepopApiError";
  constructor(
    readonly kind: DepopApiErrorKind,
    message: string,
    readonly details: {
      status?: number;
      scope?: string;
      retryAfterSeconds?: number;
      /** Depop's error codes (and the field each names, if any): for mapping to our own words, never shown. */
      codes?: { code: string; field?: string }[];
    } = {},
  ) {
    super(message);
  }
}

export type ListProductsOptions = {
  limit?: number;
  cursor?: string;
  sortBy?: "id_desc" | "id_asc";
  state?: "selling" | "sold" | "all";
};

export async function getShop(settings: ApiSettings, token: string): Promise<Shop> {
  return request(settings, token, "api/v1/shop/", {}, shopSchema);
}

export async function listProducts(
  settings: ApiSettings,
  token: string,
  options: ListProductsOptions = {},
): Promise<ProductList> {
  return request(settings, token, "api/v1/products/", productListQuery(options), productListSchema);
}

function productListQuery(options: ListProductsOptions): Record<string, string> {
  const query: Record<string, string> = {};
  if (options.limit !== undefined) query.limit = String(options.limit);
  if (options.cursor) query.cursor = options.cursor;
  if (options.sortBy) query.sort_by = options.sortBy;
  if (options.state) query.state = options.state;
  return query;
}

/** The same list, each product read for what a dashboard card shows (`productCardSchema`). */
export async function listProductCards(
  settings: ApiSettings,
  token: string,
  options: ListProductsOptions = {},
): Promise<ProductCardList> {
  return request(settings, token, "api/v1/products/", productListQuery(options), productCardListSchema);
}

export async function getProduct(settings: ApiSettings, token: string, productId: number): Promise<Product> {
  return request(settings, token, `api/v1/products/by-product-id/${productId}/`, {}, productSchema);
}

export async function getProductBySku(settings: ApiSettings, token: string, sku: string): Promise<Product> {
  return request(settings, token, `api/v1/products/by-sku/${encodeURIComponent(sku)}/`, {}, productSchema);
}

export async function getProductBySlug(settings: ApiSettings, token: string, slug: string): Promise<Product> {
  return request(settings, token, `api/v1/products/by-slug/${encodeURIComponent(slug)}/`, {}, productSchema);
}

export async function listSellerAddresses(
  settings: ApiSettings,
  token: string,
  options: { cursor?: string } = {},
): Promise<SellerAddressList> {
  const query: Record<string, string> = options.cursor ? { cursor: options.cursor } : {};
  return request(settings, token, "api/v1/shop/seller-addresses/", query, sellerAddressListSchema);
}

export type ListOrdersOptions = {
  /** 1-200 (Depop's default is 20). */
  limit?: number;
  cursor?: string;
  /** Orders created at or after this time. */
  from?: Date;
  /** Orders created before this time. */
  to?: Date;
};

/** `GET /api/v1/orders/` (orders_read): newest first, cursor pages. */
export async function listOrders(
  settings: ApiSettings,
  token: string,
  options: ListOrdersOptions = {},
): Promise<OrderList> {
  const query: Record<string, string> = {};
  if (options.limit !== undefined) query.limit = String(Math.min(200, Math.max(1, Math.trunc(options.limit))));
  if (options.cursor) query.cursor = options.cursor;
  if (options.from) query.from = options.from.toISOString();
  if (options.to) query.to = options.to.toISOString();
  return request(settings, token, "api/v1/orders/", query, orderListSchema);
}

/** `GET /api/v1/orders/{purchase_id}/` (orders_read). */
export async function getOrder(settings: ApiSettings, token: string, purchaseId: string): Promise<Order> {
  return request(settings, token, `api/v1/orders/${encodeURIComponent(purchaseId)}/`, {}, orderSchema);
}

/** `POST …/parcels/{parcel_id}/mark-as-shipped/` (orders_write). */
export async function markAsShipped(
  settings: ApiSettings,
  token: string,
  purchaseId: string,
  parcelId: string,
  shipment: { trackingNumber: string; carrier: string },
): Promise<void> {
  const path = `api/v1/orders/${encodeURIComponent(purchaseId)}/parcels/${encodeURIComponent(parcelId)}/mark-as-shipped/`;
  await request(settings, token, path, {}, writeAnswerSchema, {
    tracking_number: shipment.trackingNumber,
    carrier: shipment.carrier,
  });
}

export type RefundRequest = {
  /** Decimal strings, as Depop takes money. Leave both out for a full refund. */
  itemsRefundAmount?: string;
  shippingRefundAmount?: string;
  sendBuyerMessage?: string;
};

/** `POST /api/v1/orders/{purchase_id}/refund/` (orders_write). */
export async function refundOrder(
  settings: ApiSettings,
  token: string,
  purchaseId: string,
  refund: RefundRequest = {},
): Promise<void> {
  const body: Record<string, string> = {};
  if (refund.itemsRefundAmount !== undefined) body.items_refund_amount = refund.itemsRefundAmount;
  if (refund.shippingRefundAmount !== undefined) body.shipping_refund_amount = refund.shippingRefundAmount;
  if (refund.sendBuyerMessage !== undefined) body.send_buyer_message = refund.sendBuyerMessage;
  await request(
    settings,
    token,
    `api/v1/orders/${encodeURIComponent(purchaseId)}/refund/`,
    {},
    writeAnswerSchema,
    body,
  );
}

const productPath = (productId: number) => `api/v1/products/by-product-id/${productId}/`;

/** `PATCH /api/v1/products/by-product-id/{id}/` (products_write): changes only the fields given. */
export async function updateProduct(
  settings: WriteSettings,
  token: string,
  productId: number,
  changes: ListingChanges,
): Promise<void> {
  await backingOff(() =>
    request(settings, token, productPath(productId), {}, writeAnswerSchema, changes, listingWrite(settings, "PATCH")),
  );
}

/** `POST …/by-product-id/{id}/mark-as-sold/` (products_write). */
export async function markProductSold(settings: WriteSettings, token: string, productId: number): Promise<void> {
  await backingOff(() =>
    request(
      settings,
      token,
      `${productPath(productId)}mark-as-sold/`,
      {},
      writeAnswerSchema,
      {},
      listingWrite(settings, "POST"),
    ),
  );
}

/**
 * `DELETE …/by-product-id/{id}/` (products_write). Idempotent at Depop. With `failIfActiveOffers` Depop refuses
 * (409 `product_has_active_offers`) a listing buyers have live offers on.
 */
export async function deleteProduct(
  settings: WriteSettings,
  token: string,
  productId: number,
  options: { failIfActiveOffers: boolean },
): Promise<void> {
  const query: Record<string, string> = options.failIfActiveOffers ? { fail_if_active_offers: "true" } : {};
  await backingOff(() =>
    request(
      settings,
      token,
      productPath(productId),
      query,
      writeAnswerSchema,
      undefined,
      listingWrite(settings, "DELETE"),
    ),
  );
}

/**
 * A 429 on a write means Depop did not act on it: the write pacer has paused every write of this process, and the
 * write is sent again when its turn comes, a few times before the 429 is the caller's.
 */
async function backingOff<T>(send: () => Promise<T>, tries = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof DepopApiError && error.kind === "rate_limited")) throw error;
      // The write budget is the app's, not the seller's: no per-seller pause (withAccessToken's) for this one.
      if (attempt >= tries) throw new DepopApiError("write_rate_limited", error.message, error.details);
    }
  }
}

type RequestOptions = { method?: string; pacer?: Pacer };

function listingWrite(settings: WriteSettings, method: string): RequestOptions {
  return { method, pacer: writePacerFor(settings.depopMaxWriteRps) };
}

/** Depop sends no Retry-After for listing writes (none is documented): a 429 holds every write back this long. */
const WRITE_PAUSE_MS = 1000;

async function request<T extends z.ZodType>(
  settings: ApiSettings,
  token: string,
  path: string,
  query: Record<string, string>,
  schema: T,
  jsonBody?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<z.infer<T>> {
  const url = new URL(path, settings.apiUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const method = options.method ?? (jsonBody ? "POST" : "GET");
  const isWrite = method !== "GET";

  let response: DepopAnswer;
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (jsonBody) headers["content-type"] = "application/json";
    response = await depopRequest(
      url,
      { method, headers, body: jsonBody ? JSON.stringify(jsonBody) : null },
      {
        timeoutMs: settings.httpTimeoutMs,
        maxBytes: MAX_RESPONSE_BYTES,
        pacer: options.pacer ?? pacerFor(settings.depopMaxRps),
      },
    );
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw new DepopApiError("invalid_response", "response too large");
    throw new DepopApiError("unavailable", "Depop could not be reached");
  }

  const body = readJson(response);
  if (response.status >= 200 && response.status < 300) {
    // A write may answer 204 or an empty body: nothing to check.
    if (isWrite && response.body.length === 0) return schema.parse(undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new DepopApiError("invalid_response", `Depop's ${path} response was not valid`);
    return parsed.data;
  }
  const error = errorFor(response, body);
  if (error.kind === "rate_limited") {
    options.pacer?.pause(
      error.details.retryAfterSeconds !== undefined ? error.details.retryAfterSeconds * 1000 : WRITE_PAUSE_MS,
    );
  }
  throw error;
}

function readJson(response: DepopAnswer): unknown {
  try {
    return JSON.parse(response.body.toString("utf8"));
  } catch {
    return undefined;
  }
}

function errorFor(response: DepopAnswer, body: unknown): DepopApiError {
  const status = response.status;
  const errors = apiErrorSchema.safeParse(body).data?.errors ?? [];
  const first = errors[0];
  const codes = errors.map((error) => ({ code: error.code, ...(error.field ? { field: error.field } : {}) }));
  switch (true) {
    case status === 401:
      return new DepopApiError("unauthorized", "Depop did not accept the access token", { status });
    case status === 403: {
      const scope = first?.message?.match(/Required scope:\s*([a-z_]+)/)?.[1];
      return new DepopApiError("insufficient_scope", "The Depop grant lacks a scope", {
        status,
        ...(scope ? { scope } : {}),
      });
    }
    case status === 404:
      return new DepopApiError("not_found", "Depop has no such resource", { status });
    case status === 429: {
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      return new DepopApiError("rate_limited", "Depop is rate limiting requests", {
        status,
        ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    case status >= 500:
      return new DepopApiError("unavailable", `Depop answered ${status}`, { status });
    case status === 400:
      return new DepopApiError("bad_request", "Depop refused the request as malformed", { status, codes });
    case status === 409 || status === 422:
      return new DepopApiError("rejected", "Depop refused the change", { status, codes });
    default:
      return new DepopApiError("invalid_response", `Depop answered an unexpected ${status}`, { status });
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Math.min(Number(value), 3600);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(3600, Math.ceil((date - Date.now()) / 1000)));
}
