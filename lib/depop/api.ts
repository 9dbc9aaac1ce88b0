import "server-only";
import type { z } from "zod";
import type { Config } from "../config";
import { type DepopAnswer, depopRequest, ResponseTooLargeError } from "./http";
import { pacerFor } from "./pacer";
import {
  apiErrorSchema,
  type Product,
  type ProductList,
  productListSchema,
  productSchema,
  type Shop,
  shopSchema,
} from "./schemas";

/** The Seller API client: typed requests, zod-checked responses, errors as values with a kind. */

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export type ApiSettings = Pick<Config, "apiUrl" | "httpTimeoutMs" | "depopMaxRps">;

export type DepopApiErrorKind =
  | "unauthorized" // 401: the access token is not (or no longer) accepted
  | "insufficient_scope" // 403: the grant lacks a scope
  | "not_found" // 404
  | "bad_request" // 400: e.g. a stale cursor
  | "rate_limited" // 429
  | "unavailable" // 5xx, network error, timeout
  | "invalid_response"; // a body we cannot trust

export class DepopApiError extends Error {
  override name = "DepopApiError";
  constructor(
    readonly kind: DepopApiErrorKind,
    message: string,
    readonly details: { status?: number; scope?: string; retryAfterSeconds?: number } = {},
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
  const query: Record<string, string> = {};
  if (options.limit !== undefined) query.limit = String(options.limit);
  if (options.cursor) query.cursor = options.cursor;
  if (options.sortBy) query.sort_by = options.sortBy;
  if (options.state) query.state = options.state;
  return request(settings, token, "api/v1/products/", query, productListSchema);
}

export async function getProduct(settings: ApiSettings, token: string, productId: number): Promise<Product> {
  return request(settings, token, `api/v1/products/by-product-id/${productId}/`, {}, productSchema);
}

async function request<T extends z.ZodType>(
  settings: ApiSettings,
  token: string,
  path: string,
  query: Record<string, string>,
  schema: T,
): Promise<z.infer<T>> {
  const url = new URL(path, settings.apiUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);

  let response: DepopAnswer;
  try {
    response = await depopRequest(
      url,
      { headers: { authorization: `Bearer ${token}`, accept: "application/json" } },
      { timeoutMs: settings.httpTimeoutMs, maxBytes: MAX_RESPONSE_BYTES, pacer: pacerFor(settings.depopMaxRps) },
    );
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw new DepopApiError("invalid_response", "response too large");
    throw new DepopApiError("unavailable", "Depop could not be reached");
  }

  const body = readJson(response);
  if (response.status >= 200 && response.status < 300) {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new DepopApiError("invalid_response", `Depop's ${path} response was not valid`);
    return parsed.data;
  }
  throw errorFor(response, body);
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
  const first = apiErrorSchema.safeParse(body).data?.errors[0];
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
      return new DepopApiError("bad_request", "Depop refused the request as malformed", { status });
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
