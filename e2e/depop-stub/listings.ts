import type { IncomingMessage, ServerResponse } from "node:http";
import { ITEM_KINDS } from "./catalog";
import type { StubContext } from "./context";
import { type Product, type ProductLookup, type ProductStatus, type Seller, STATUSES } from "./data";
import { apiErrorBody, sendApiError } from "./errors";
import { type BodyResult, sendJson } from "./http";
import type { Principal } from "./seller-api";

/**
 * Listing writes (§8 "Writes"): PATCH/PUT/DELETE by product id, SKU or slug, `mark-as-sold`, and POST create, with
 * Depop's validation rules (422), `products_write` (403), idempotent DELETE with `fail_if_active_offers` (409), and
 * a per-client write budget of 20 requests a second (429). Demo products are generated, never stored, so a write
 * is kept as an overlay on the generated product (cleared by POST /_stub/reset).
 */

export const WRITE_SCOPE_MESSAGE = "Required scope: products_write";
/** Depop's published budget for create/update listing calls, per client (§12, third-party). */
export const WRITES_PER_SECOND = 20;

type Edit = Partial<Pick<Product, EditableField | "current_price" | "brand" | "pictures" | "department">> & {
  updated_at: string;
};
type EditableField =
  | "price_amount"
  | "quantity"
  | "description"
  | "national_shipping_cost"
  | "international_shipping_cost";

const BRANDS = new Set(ITEM_KINDS.flatMap((kind) => kind.brands).map((brand) => brand.toLowerCase()));
const DEPARTMENTS = new Set(["womenswear", "menswear", "kidswear", "everything-else"]);
const MONEY = /^\d{1,9}(\.\d{1,2})?$/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const HASHTAG = /#[\p{L}\p{N}_]+/gu;

/** One 422 error: Depop's documented `{code, message}`; the code names the field (`invalid_<field>`). */
type Problem = { code: string; message: string };

/** The demo products with a live offer from a buyer (vintage_vault's 3rd, 7th and 13th; retro_rags' 1st). */
function demoOffers(): Set<number> {
  return new Set([7208802, 7208806, 7208812, 7208900]);
}

export class ListingStore {
  private edits = new Map<number, Edit>();
  private created = new Map<number, { sellerId: number; product: Product }>();
  private offers = demoOffers();
  private nextCreatedId = 90_000_000;
  /** Times (stub clock, ms) of the writes accepted in the last second, per client. */
  private windows = new Map<string, number[]>();

  reset(): void {
    this.edits.clear();
    this.created.clear();
    this.offers = demoOffers();
    this.windows.clear();
  }

  /** The product as it stands after the writes made to it. */
  apply(product: Product): Product {
    const edit = this.edits.get(product.product_id);
    return edit ? { ...product, ...edit } : product;
  }

  edit(productId: number, changes: Omit<Edit, "updated_at">, nowMs: number): void {
    const previous = this.edits.get(productId) ?? {};
    const next: Edit = { ...previous, ...changes, updated_at: new Date(nowMs).toISOString() };
    // A new list price ends any discount (inferred: Depop documents no rule).
    if (changes.price_amount !== undefined) next.current_price = changes.price_amount;
    this.edits.set(productId, next);
  }

  touch(productId: number, nowMs: number): void {
    this.edit(productId, {}, nowMs);
  }

  hasOffers(productId: number): boolean {
    return this.offers.has(productId);
  }

  setOffers(productId: number, active: boolean): void {
    if (active) this.offers.add(productId);
    else this.offers.delete(productId);
  }

  createdFor(seller: Seller, lookup: ProductLookup): Product | undefined {
    for (const { sellerId, product } of this.created.values()) {
      if (sellerId !== seller.id) continue;
      if (lookup.by === "id" && product.product_id === lookup.value) return this.apply(product);
      if (lookup.by === "sku" && product.sku === lookup.value) return this.apply(product);
      if (lookup.by === "slug" && product.slug === lookup.value) return this.apply(product);
    }
    return undefined;
  }

  create(seller: Seller, product: Omit<Product, "product_id" | "slug">): Product {
    const productId = this.nextCreatedId++;
    const words = product.description
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .split("-")
      .filter(Boolean)
      .slice(0, 6);
    const made: Product = { ...product, product_id: productId, slug: [...words, String(productId)].join("-") };
    this.created.set(productId, { sellerId: seller.id, product: made });
    return made;
  }

  setCreatedStatus(productId: number, status: ProductStatus): boolean {
    const entry = this.created.get(productId);
    if (!entry) return false;
    entry.product = { ...entry.product, status };
    return true;
  }

  /** Counts a write against its client's budget; false when the last second already holds the budget. */
  admit(client: string, nowMs: number): boolean {
    const recent = (this.windows.get(client) ?? []).filter((at) => at > nowMs - 1000);
    if (recent.length >= WRITES_PER_SECOND) {
      this.windows.set(client, recent);
      return false;
    }
    recent.push(nowMs);
    this.windows.set(client, recent);
    return true;
  }
}

/** Which budget a credential spends: the OAuth client for `pat_` tokens, the key itself for `pak_` keys. */
export function budgetKey(req: IncomingMessage): string {
  const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
  return token.startsWith("pak_") ? token : "oauth-client";
}

type WriteRoute =
  | { action: "update"; method: "PUT" | "PATCH"; lookup: ProductLookup; label: string }
  | { action: "delete"; lookup: ProductLookup; label: string; failIfActiveOffers: boolean }
  | { action: "mark_sold"; lookup: ProductLookup; label: string }
  | { action: "create" };

export function writeRoute(
  method: string,
  kind: string | undefined,
  rawKey: string | undefined,
  markSold: boolean,
  query: URLSearchParams,
): WriteRoute | "method" | "malformed" {
  if (kind === undefined || rawKey === undefined) return method === "POST" ? { action: "create" } : "method";
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    return "malformed";
  }
  let lookup: ProductLookup;
  let label: string;
  if (kind === "product-id") {
    if (!/^\d{1,15}$/.test(key)) return "malformed";
    lookup = { by: "id", value: Number(key) };
    label = `id: ${key}`;
  } else if (kind === "sku") {
    lookup = { by: "sku", value: key };
    label = `sku: ${key}`;
  } else {
    lookup = { by: "slug", value: key };
    label = `slug: ${key}`;
  }
  if (markSold) return method === "POST" ? { action: "mark_sold", lookup, label } : "method";
  if (method === "PUT" || method === "PATCH") return { action: "update", method, lookup, label };
  if (method === "DELETE") {
    return { action: "delete", lookup, label, failIfActiveOffers: query.get("fail_if_active_offers") === "true" };
  }
  return "method";
}

/** Handles a listing write once the principal holds products_write and the budget admitted it. */
export function handleListingWrite(
  ctx: StubContext,
  res: ServerResponse,
  principal: Principal,
  route: WriteRoute,
  body: BodyResult | undefined,
): void {
  const now = ctx.clock.now();
  if (route.action === "create") {
    const json = readJson(res, body);
    if (json === undefined) return;
    const problems = validate(json, "create", undefined);
    if (problems.length > 0) {
      sendProblems(res, problems);
      return;
    }
    const input = json as Record<string, unknown>;
    const made = ctx.listings.create(principal.seller, newProduct(principal.seller, input, now));
    sendJson(res, 201, { product_id: made.product_id, slug: made.slug, sku: made.sku });
    return;
  }

  const found = findProduct(ctx, principal.seller, route.lookup);
  if (route.action === "delete") {
    // Idempotent (§8): a product that is missing, or already deleted, still answers 200.
    if (!found) {
      sendJson(res, 200, {});
      return;
    }
    if (route.failIfActiveOffers && ctx.listings.hasOffers(found.product.product_id)) {
      sendApiError(res, 409, "product_has_active_offers", `Product (${route.label}) has active offers`);
      return;
    }
    setStatus(ctx, principal.seller, found, deletedStatus(found.product.status));
    ctx.listings.setOffers(found.product.product_id, false);
    ctx.listings.touch(found.product.product_id, now);
    sendJson(res, 200, {});
    return;
  }
  if (!found) {
    sendApiError(res, 404, "product_not_found", `Product (${route.label}) not found`);
    return;
  }
  if (found.product.status !== "STATUS_ONSALE") {
    // Inferred: Depop documents no code for writing to a listing that is not on sale; `validation` is its 422 code.
    sendApiError(res, 422, "validation", `Product (${route.label}) is not on sale`);
    return;
  }
  if (route.action === "mark_sold") {
    setStatus(ctx, principal.seller, found, "STATUS_MARKED_AS_SOLD");
    ctx.listings.setOffers(found.product.product_id, false);
    ctx.listings.touch(found.product.product_id, now);
    sendJson(res, 200, { product_id: found.product.product_id, slug: found.product.slug, sku: found.product.sku });
    return;
  }
  const json = readJson(res, body);
  if (json === undefined) return;
  const problems = validate(json, route.method === "PUT" ? "replace" : "update", found.product);
  if (problems.length > 0) {
    sendProblems(res, problems);
    return;
  }
  ctx.listings.edit(found.product.product_id, editOf(json as Record<string, unknown>), now);
  sendJson(res, 200, { product_id: found.product.product_id, slug: found.product.slug, sku: found.product.sku });
}

type Found = { product: Product; index: number | undefined };

function findProduct(ctx: StubContext, seller: Seller, lookup: ProductLookup): Found | undefined {
  const generated = ctx.sellers.find(seller, lookup, ctx.urls.www);
  if (generated) return { product: ctx.listings.apply(generated), index: generated.product_id - seller.firstProductId };
  const created = ctx.listings.createdFor(seller, lookup);
  return created ? { product: created, index: undefined } : undefined;
}

function setStatus(ctx: StubContext, seller: Seller, found: Found, status: ProductStatus): void {
  if (found.index === undefined) ctx.listings.setCreatedStatus(found.product.product_id, status);
  else ctx.sellers.setStatus(seller, found.index, status);
}

function deletedStatus(status: ProductStatus): ProductStatus {
  if (status === "STATUS_ONSALE") return "STATUS_DELETED_ONSALE";
  if (status === "STATUS_PURCHASED") return "STATUS_DELETED_PURCHASED";
  if (status === "STATUS_MARKED_AS_SOLD") return "STATUS_DELETED_MARKED_AS_SOLD";
  return status.startsWith("STATUS_DELETED") ? status : "STATUS_DELETED";
}

const WRITE_BODY_LIMIT = 64 * 1024;

export { WRITE_BODY_LIMIT as LISTING_BODY_LIMIT };

function readJson(res: ServerResponse, body: BodyResult | undefined): unknown {
  if (!body?.ok) {
    sendApiError(res, 413, "bad-request", "request body too large");
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(body.body.toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {
    // answered below
  }
  sendApiError(res, 400, "bad-request", "body must be a JSON object");
  return undefined;
}

const FIELDS = new Set([
  "description",
  "price_amount",
  "quantity",
  "national_shipping_cost",
  "international_shipping_cost",
  "brand_name",
  "pictures",
  "department",
  "sku",
]);

/** Depop's rules for a listing (§8): every problem found, one error each. */
export function validate(
  json: unknown,
  mode: "create" | "replace" | "update",
  current: Product | undefined,
): Problem[] {
  const input = json as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const name of Object.keys(input)) {
    if (!FIELDS.has(name)) problems.push({ code: "validation", message: `${name}: unknown field` });
  }
  if (mode !== "update") {
    for (const name of ["description", "price_amount", "quantity"]) {
      if (input[name] === undefined) problems.push({ code: "missing_attribute", message: `${name}: required` });
    }
  }
  if (mode === "update" && Object.keys(input).length === 0) {
    problems.push({ code: "validation", message: "nothing to change" });
  }
  if (input.description !== undefined) {
    const description = input.description;
    if (typeof description !== "string" || description.trim().length === 0) {
      problems.push({ code: "invalid_description", message: "description: must be a non-empty string" });
    } else if ([...description].length > 1000) {
      problems.push({ code: "invalid_description", message: "description: at most 1000 characters" });
    } else if ((description.match(HASHTAG) ?? []).length > 5) {
      problems.push({ code: "invalid_description", message: "description: at most 5 hashtags" });
    } else if (EMAIL.test(description)) {
      problems.push({ code: "invalid_description", message: "description: must not contain an email address" });
    }
  }
  if (input.price_amount !== undefined) {
    const price = input.price_amount;
    if (typeof price !== "string" || !MONEY.test(price) || Number(price) < 1) {
      problems.push({
        code: "invalid_price",
        message: "price_amount: a decimal string of at least 1.00, 2 decimals at most",
      });
    }
  }
  if (input.quantity !== undefined) {
    const quantity = input.quantity;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > 9999) {
      problems.push({ code: "invalid_quantity", message: "quantity: a whole number from 1" });
    }
  }
  for (const name of ["national_shipping_cost", "international_shipping_cost"] as const) {
    const cost = input[name];
    if (cost === undefined) continue;
    if (typeof cost !== "string" || !MONEY.test(cost)) {
      problems.push({ code: `invalid_${name}`, message: `${name}: a decimal string, 2 decimals at most` });
    } else if (current?.depop_shipping) {
      problems.push({ code: "manual_shipping_not_allowed", message: `${name}: this listing uses Depop shipping` });
    }
  }
  if (input.brand_name !== undefined) {
    if (typeof input.brand_name !== "string" || !BRANDS.has(input.brand_name.toLowerCase())) {
      problems.push({ code: "invalid_brand", message: "brand_name: unknown brand" });
    }
  }
  if (input.department !== undefined) {
    if (typeof input.department !== "string" || !DEPARTMENTS.has(input.department)) {
      problems.push({ code: "invalid_department", message: "department: unknown department" });
    }
  }
  if (input.pictures !== undefined) {
    const pictures = input.pictures;
    if (!Array.isArray(pictures) || pictures.some((picture) => typeof picture !== "string" && !isPicture(picture))) {
      problems.push({ code: "validation", message: "pictures: a list of picture URLs" });
    } else if (pictures.length > 8) {
      problems.push({ code: "too_many_pictures", message: "pictures: at most 8" });
    } else if (pictures.length === 0) {
      problems.push({ code: "validation", message: "pictures: at least 1" });
    }
  }
  return problems;
}

function isPicture(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { url?: unknown }).url === "string";
}

function sendProblems(res: ServerResponse, problems: Problem[]): void {
  const envelope = apiErrorBody("validation", "");
  sendJson(res, 422, { id: envelope.id, errors: problems });
}

function editOf(input: Record<string, unknown>): Omit<Edit, "updated_at"> {
  const edit: Omit<Edit, "updated_at"> = {};
  if (typeof input.description === "string") edit.description = input.description;
  if (typeof input.price_amount === "string") edit.price_amount = input.price_amount;
  if (typeof input.quantity === "number") edit.quantity = input.quantity;
  if (typeof input.national_shipping_cost === "string") edit.national_shipping_cost = input.national_shipping_cost;
  if (typeof input.international_shipping_cost === "string") {
    edit.international_shipping_cost = input.international_shipping_cost;
  }
  if (typeof input.brand_name === "string") edit.brand = input.brand_name;
  if (typeof input.department === "string") edit.department = input.department as Product["department"];
  if (Array.isArray(input.pictures)) {
    edit.pictures = input.pictures.map((picture) => ({
      url: typeof picture === "string" ? picture : String((picture as { url: string }).url),
      height: 480,
      width: 480,
    }));
  }
  return edit;
}

function newProduct(
  seller: Seller,
  input: Record<string, unknown>,
  nowMs: number,
): Omit<Product, "product_id" | "slug"> {
  const usd = seller.countryCode === "US";
  const stamp = new Date(nowMs).toISOString();
  const edit = editOf(input);
  return {
    sku: typeof input.sku === "string" ? input.sku : null,
    status: STATUSES[0],
    address: usd ? { country_code: "US", state: "New York" } : { country_code: "GB", state: "Greater London" },
    description: edit.description ?? "",
    price_currency: usd ? "USD" : "GBP",
    price_amount: edit.price_amount ?? "1.00",
    current_price: edit.price_amount ?? "1.00",
    national_shipping_cost: edit.national_shipping_cost ?? "0.00",
    quantity: edit.quantity ?? 1,
    pictures: edit.pictures ?? [],
    department: edit.department ?? "everything-else",
    product_type: "other",
    size_set_id: 90,
    size_id: 1,
    condition: "used_good",
    colour: [],
    style: [],
    age: ["modern"],
    source: ["preloved"],
    brand: edit.brand ?? "Other",
    attributes: {},
    is_boosted: false,
    created_at: stamp,
    updated_at: stamp,
  };
}
