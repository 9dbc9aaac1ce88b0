import type { IncomingMessage, ServerResponse } from "node:http";
import type { StubContext } from "./context";
import { decodeCursor, encodeCursor } from "./cursor";
import {
  type Product,
  type ProductLookup,
  productAt,
  type Seller,
  STATE_FILTERS,
  type StateFilter,
  statusMatches,
  withoutOfferPrices,
} from "./data";
import { sendApiError } from "./errors";
import { type BodyResult, duplicateNames, pairsToMap, parseForm, sendJson } from "./http";
import { budgetKey, handleListingWrite, WRITE_SCOPE_MESSAGE, writeRoute } from "./listings";
import { handleOrdersApi } from "./orders-api";
import { MARK_SOLD_PATH, PRODUCT_PATH, PRODUCTS_PATH, SHOP_PATH, STATUS_PATH } from "./routes";
import { SCOPES, type Scope } from "./scopes";

/** Who a bearer credential speaks for, and what it may do. */
export interface Principal {
  seller: Seller;
  scopes: ReadonlySet<Scope>;
}

const ALL_SCOPES: ReadonlySet<Scope> = new Set(SCOPES);
const SORTS = ["id_desc", "id_asc"] as const;
type Sort = (typeof SORTS)[number];

/** Resolves `Authorization: Bearer <pak_…|pat_…>`; anything off gets the same 401 (§7). */
function authenticate(ctx: StubContext, req: IncomingMessage): Principal | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(req.headers.authorization ?? "");
  const token = match?.[1];
  if (token === undefined) return undefined;
  if (token.startsWith("pak_")) {
    const seller = ctx.sellers.byApiKey(token);
    return seller ? { seller, scopes: ALL_SCOPES } : undefined;
  }
  const grant = ctx.oauth.grantForAccessToken(token);
  const seller = grant ? ctx.sellers.byId(grant.sellerId) : undefined;
  return grant && seller ? { seller, scopes: new Set(grant.scopes) } : undefined;
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET") return false;
  sendApiError(res, 405, "method_not_allowed", `Method ${req.method ?? ""} is not allowed here`, { Allow: "GET" });
  return true;
}

/** Auth then scope, the order Depop documents: 401 before 403. */
export function authorize(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  scope: Scope,
  message: string,
): Principal | undefined {
  const principal = authenticate(ctx, req);
  if (!principal) {
    sendApiError(res, 401, "unauthorized", "invalid api key");
    return undefined;
  }
  if (!principal.scopes.has(scope)) {
    sendApiError(res, 403, "insufficient_scope", message);
    return undefined;
  }
  return principal;
}

function present(ctx: StubContext, product: Product, principal: Principal): Product {
  const current = ctx.listings.apply(product);
  return principal.scopes.has("offers_read") ? current : withoutOfferPrices(current);
}

/** Routes the Seller API paths; the server has already applied latency and faults. */
export function handleSellerApi(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  rawQuery: string,
  body?: BodyResult,
): void {
  if (path === STATUS_PATH) {
    if (!methodNotAllowed(req, res)) sendJson(res, 200, { status: "OK" });
    return;
  }
  if (path === SHOP_PATH) {
    handleShop(ctx, req, res);
    return;
  }
  const markSold = MARK_SOLD_PATH.exec(path);
  const product = PRODUCT_PATH.exec(path);
  if (markSold || (product && req.method !== "GET") || (path === PRODUCTS_PATH && req.method === "POST")) {
    const match = markSold ?? product;
    handleWrite(ctx, req, res, match?.[1], match?.[2], Boolean(markSold), rawQuery, body);
    return;
  }
  if (path === PRODUCTS_PATH) {
    handleProductList(ctx, req, res, rawQuery);
    return;
  }
  const single = PRODUCT_PATH.exec(path);
  if (single?.[1] !== undefined && single[2] !== undefined) {
    handleSingleProduct(ctx, req, res, single[1], single[2]);
    return;
  }
  if (handleOrdersApi(ctx, req, res, path, rawQuery, body)) return;
  sendApiError(res, 404, "not_found", `No route for ${path}`);
}

/** A listing write: products_write (401 before 403), then the client's write budget (429), then the write. */
function handleWrite(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  kind: string | undefined,
  rawKey: string | undefined,
  markSold: boolean,
  rawQuery: string,
  body: BodyResult | undefined,
): void {
  const route = writeRoute(req.method ?? "", kind, rawKey, markSold, new URLSearchParams(rawQuery));
  if (route === "method") {
    const allow = markSold ? "POST" : "GET, PUT, PATCH, DELETE";
    sendApiError(res, 405, "method_not_allowed", `Method ${req.method ?? ""} is not allowed here`, { Allow: allow });
    return;
  }
  if (route === "malformed") {
    sendApiError(res, 400, "bad-request", "malformed path");
    return;
  }
  const principal = authorize(ctx, req, res, "products_write", WRITE_SCOPE_MESSAGE);
  if (!principal) return;
  if (!ctx.listings.admit(budgetKey(req), ctx.clock.now())) {
    sendApiError(res, 429, "too_many_requests", "rate limit exceeded");
    return;
  }
  handleListingWrite(ctx, res, principal, route, body);
}

/** The shop endpoints word their 403 more verbosely than the others (§7). */
export const SHOP_SCOPE_MESSAGE =
  "The request requires higher privileges than provided by the access token. Required scope: shop_read";

function handleShop(ctx: StubContext, req: IncomingMessage, res: ServerResponse): void {
  if (methodNotAllowed(req, res)) return;
  const principal = authorize(ctx, req, res, "shop_read", SHOP_SCOPE_MESSAGE);
  if (!principal) return;
  const { seller } = principal;
  sendJson(res, 200, { id: seller.id, username: seller.username, country_code: seller.countryCode });
}

type ListQuery =
  | { ok: true; limit: number; sort: Sort; state: StateFilter; cursor?: string }
  | { ok: false; message: string };

function parseListQuery(rawQuery: string): ListQuery {
  const parsed = parseForm(rawQuery);
  if (!parsed.ok) return { ok: false, message: "malformed query string" };
  const duplicates = duplicateNames(parsed.pairs);
  if (duplicates.length > 0) return { ok: false, message: `duplicate query parameter: ${duplicates.join(", ")}` };
  const params = pairsToMap(parsed.pairs);
  const rawLimit = params.get("limit");
  let limit = 20;
  if (rawLimit !== undefined) {
    limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit < 1 || limit > 100) return { ok: false, message: "limit must be an integer between 1 and 100" };
  }
  const sort = params.get("sort_by") ?? "id_desc";
  if (!(SORTS as readonly string[]).includes(sort))
    return { ok: false, message: "sort_by must be one of id_desc, id_asc" };
  const state = params.get("state") ?? "all";
  if (!(STATE_FILTERS as readonly string[]).includes(state)) {
    return { ok: false, message: "state must be one of selling, sold, all" };
  }
  const cursor = params.get("cursor");
  return {
    ok: true,
    limit,
    sort: sort as Sort,
    state: state as StateFilter,
    ...(cursor === undefined ? {} : { cursor }),
  };
}

/**
 * GET /api/v1/products/: keyset pagination on product id, so walking every page visits each
 * product exactly once even for a 10,000-product shop, without storing products.
 */
function handleProductList(ctx: StubContext, req: IncomingMessage, res: ServerResponse, rawQuery: string): void {
  if (methodNotAllowed(req, res)) return;
  const principal = authorize(ctx, req, res, "products_read", "Required scope: products_read");
  if (!principal) return;
  const query = parseListQuery(rawQuery);
  if (!query.ok) {
    sendApiError(res, 400, "bad-request", query.message);
    return;
  }
  const { seller } = principal;
  const binding = `${seller.id}|${query.sort}|${query.state}`;
  const position = query.cursor === undefined ? undefined : decodeCursor(ctx.cursorKey, binding, query.cursor);
  if (query.cursor !== undefined && !position) {
    sendApiError(res, 400, "bad-request", "invalid cursor");
    return;
  }
  const ascending = query.sort === "id_asc";
  const step = ascending ? 1 : -1;
  let index = position ? position.productId - seller.firstProductId + step : ascending ? 0 : seller.productCount - 1;
  const picked: number[] = [];
  let hasMore = false;
  for (; index >= 0 && index < seller.productCount; index += step) {
    if (!statusMatches(query.state, seller.statuses[index] ?? 0)) continue;
    if (picked.length === query.limit) {
      hasMore = true;
      break;
    }
    picked.push(index);
  }
  const data = picked.map((i) => present(ctx, productAt(seller, i, ctx.urls.www), principal));
  const last = data.at(-1);
  // Like Depop's own example, the last page still carries a cursor: clients must stop on has_more.
  const cursor = last
    ? encodeCursor(ctx.cursorKey, binding, {
        productId: last.product_id,
        createdAt: last.created_at,
        n: (position?.n ?? 0) + data.length,
      })
    : "";
  sendJson(res, 200, { meta: { cursor, has_more: hasMore }, data });
}

function handleSingleProduct(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  kind: string,
  rawKey: string,
): void {
  if (methodNotAllowed(req, res)) return;
  const principal = authorize(ctx, req, res, "products_read", "Required scope: products_read");
  if (!principal) return;
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    sendApiError(res, 400, "bad-request", "malformed path");
    return;
  }
  let lookup: ProductLookup | undefined;
  let label: string;
  if (kind === "product-id") {
    label = `id: ${key}`;
    lookup = /^\d{1,15}$/.test(key) ? { by: "id", value: Number(key) } : undefined;
  } else if (kind === "sku") {
    label = `sku: ${key}`;
    lookup = { by: "sku", value: key };
  } else {
    label = `slug: ${key}`;
    lookup = { by: "slug", value: key };
  }
  const product = lookup
    ? (ctx.sellers.find(principal.seller, lookup, ctx.urls.www) ?? ctx.listings.createdFor(principal.seller, lookup))
    : undefined;
  if (!product) {
    sendApiError(res, 404, "product_not_found", `Product (${label}) not found`);
    return;
  }
  sendJson(res, 200, present(ctx, product, principal));
}
