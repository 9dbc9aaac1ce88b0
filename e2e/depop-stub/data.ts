import { randomBytes } from "node:crypto";
import {
  type Age,
  COLOURS,
  CONDITIONS,
  type Condition,
  type Department,
  ERA_LABEL,
  ITEM_KINDS,
  type Source,
} from "./catalog";
import { hashInts, Rng } from "./random";

/** Order matters: a seller's statuses are stored as indexes into this list. */
export const STATUSES = [
  "STATUS_ONSALE",
  "STATUS_PURCHASED",
  "STATUS_MARKED_AS_SOLD",
  "STATUS_DELETED_ONSALE",
  "STATUS_PRODUCT_BANNED_ONSALE",
  "STATUS_DELETED",
  "STATUS_DELETED_PURCHASED",
  "STATUS_DELETED_MARKED_AS_SOLD",
  "STATUS_USER_BANNED_ONSALE",
  "STATUS_PRODUCT_BANNED_PURCHASED",
  "STATUS_USER_BANNED_PURCHASED",
] as const;
export type ProductStatus = (typeof STATUSES)[number];

export const STATE_FILTERS = ["selling", "sold", "all"] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

/** Which stored status indexes each `state` query value selects (§8). */
export function statusMatches(filter: StateFilter, statusIndex: number): boolean {
  const status = STATUSES[statusIndex];
  if (filter === "all") return true;
  if (filter === "selling") return status === "STATUS_ONSALE";
  return status === "STATUS_PURCHASED" || status === "STATUS_MARKED_AS_SOLD";
}

export type CountryCode = "GB" | "US";

export interface Seller {
  id: number;
  username: string;
  countryCode: CountryCode;
  productCount: number;
  /** Product ids are `firstProductId + index`, so they are unique and ordered by creation. */
  firstProductId: number;
  /** One STATUSES index per product; 1 byte each keeps a 10,000-product seller tiny. */
  statuses: Uint8Array;
  timelineStartMs: number;
  timelineStepMs: number;
  skuPrefix: string;
  /** Static `pak_` key holding every scope, as Depop issues per shop. */
  apiKey: string;
}

export interface Picture {
  url: string;
  height: number;
  width: number;
}

/** A product as the Seller API returns it (§8), offer prices included. */
export interface Product {
  sku: string | null;
  product_id: number;
  slug: string;
  status: ProductStatus;
  address: { country_code: CountryCode; state: string };
  description: string;
  price_currency: "GBP" | "USD";
  price_amount: string;
  current_price: string;
  auto_send_offer_price?: string;
  auto_negotiate_offer_price?: string;
  /** Either a national cost (with or without an international one) or Depop's own shipping (§8). */
  national_shipping_cost?: string;
  international_shipping_cost?: string;
  depop_shipping?: {
    address_id: number;
    shipping_provider_id: string;
    parcel_size_id: string;
    payer: "buyer" | "seller";
  };
  quantity: number;
  pictures: Picture[];
  department: Department;
  product_type: string;
  size_set_id: number;
  size_id: number;
  condition: Condition;
  colour: string[];
  style: string[];
  age: Age[];
  source: Source[];
  brand: string;
  attributes: Record<string, string[]>;
  is_boosted: boolean;
  created_at: string;
  updated_at: string;
}

export const IMAGE_SIZE = 480;
const DAY_MS = 86_400_000;
/** Fixed so the demo data is the same on every run. */
const TIMELINE_END_MS = Date.UTC(2026, 9, 31, 18, 0, 0);

function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function slugWords(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/'/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function skuPrefixFor(username: string): string {
  const initials = username
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase())
    .join("");
  return (initials || "SKU").slice(0, 4);
}

export interface NewSeller {
  id: number;
  username: string;
  countryCode: CountryCode;
  productCount: number;
  firstProductId: number;
  /** Index -> status for hand-picked demo statuses; otherwise statuses come from a hash. */
  statusPlan?: Map<number, ProductStatus>;
}

function defaultStatus(sellerId: number, index: number): ProductStatus {
  const roll = hashInts(sellerId, index, 7) % 100;
  if (roll < 80) return "STATUS_ONSALE";
  if (roll < 90) return "STATUS_PURCHASED";
  if (roll < 97) return "STATUS_MARKED_AS_SOLD";
  if (roll < 99) return "STATUS_DELETED_ONSALE";
  return "STATUS_PRODUCT_BANNED_ONSALE";
}

export function createSeller(input: NewSeller): Seller {
  const statuses = new Uint8Array(input.productCount);
  for (let i = 0; i < input.productCount; i++) {
    const status = input.statusPlan ? (input.statusPlan.get(i) ?? "STATUS_ONSALE") : defaultStatus(input.id, i);
    statuses[i] = STATUSES.indexOf(status);
  }
  // Small shops list every few days; huge benchmark shops squeeze into ~600 days.
  const stepMs =
    input.productCount <= 200 ? 2.5 * DAY_MS : Math.max(60_000, Math.floor((600 * DAY_MS) / input.productCount));
  return {
    id: input.id,
    username: input.username,
    countryCode: input.countryCode,
    productCount: input.productCount,
    firstProductId: input.firstProductId,
    statuses,
    timelineStartMs: TIMELINE_END_MS - input.productCount * stepMs,
    timelineStepMs: stepMs,
    skuPrefix: skuPrefixFor(input.username),
    apiKey: `pak_${randomBytes(20).toString("hex")}`,
  };
}

export function createdAtMs(seller: Seller, index: number): number {
  // Jitter stays under half a step so created_at strictly increases with the product id.
  const jitter = hashInts(seller.id, index, 3) % Math.floor(seller.timelineStepMs / 2);
  return seller.timelineStartMs + index * seller.timelineStepMs + jitter;
}

/**
 * Builds product `index` of a seller from scratch. Products are never stored: regenerating is cheap
 * and keeps a 10,000-product benchmark seller at a few kilobytes.
 */
// Products are a pure function of (seller, index, media URL) and never change once a seller exists, so the last
// few hundred made per seller are kept: the stub shares a machine with the app in benchmarks, and re-making each
// product on every list call cost it more CPU than serving the call. Callers only read products (copies are made
// where a field is dropped, see `withoutOfferPrices`).
const madeProducts = new WeakMap<Seller, Map<string, Product>>();
const MADE_PER_SELLER = 256;

export function productAt(seller: Seller, index: number, mediaBaseUrl: string): Product {
  let made = madeProducts.get(seller);
  if (!made) {
    made = new Map();
    madeProducts.set(seller, made);
  }
  const key = `${index} ${mediaBaseUrl}`;
  const known = made.get(key);
  if (known) return known;
  const product = makeProduct(seller, index, mediaBaseUrl);
  if (made.size >= MADE_PER_SELLER) {
    const oldest = made.keys().next().value;
    if (oldest !== undefined) made.delete(oldest);
  }
  made.set(key, product);
  return product;
}

function makeProduct(seller: Seller, index: number, mediaBaseUrl: string): Product {
  const rng = new Rng(hashInts(seller.id, index));
  const productId = seller.firstProductId + index;
  const kind = rng.pick(ITEM_KINDS);
  const brand = rng.pick(kind.brands);
  const age = rng.pick(kind.ages);
  const source: Source =
    age === "modern"
      ? rng.pick<Source>(["preloved", "deadstock"])
      : rng.chance(0.08)
        ? "reworked"
        : rng.chance(0.08)
          ? "deadstock"
          : "vintage";
  const colours = rng.pickSome(COLOURS, rng.chance(0.3) ? 2 : 1);
  const size = rng.pick(kind.sizeSet.sizes);
  const condition =
    source === "deadstock"
      ? { value: "brand_new" as const, phrase: "deadstock, brand new with tags" }
      : rng.pick(CONDITIONS.slice(1));
  const styles = rng.pickSome(kind.styles, rng.int(1, 2));
  const material = rng.pick(kind.materials);
  const detail = rng.pick(kind.details);

  const era = ERA_LABEL[age];
  const lead = source === "vintage" && rng.chance(0.7) ? "vintage " : "";
  const colourWord = rng.chance(0.35) && colours[0] !== "multi" ? `${colours[0]} ` : "";
  const title = capitalise(`${lead}${colourWord}${brand} ${kind.noun}${era ? `, ${era}` : ""}`);

  const tags = new Set<string>([
    source,
    slugWords(brand).replace(/-/g, ""),
    slugWords(kind.noun).replace(/-/g, ""),
    ...(era ? [era.toLowerCase()] : []),
    ...styles.map((style) => style.replace(/_/g, "")),
  ]);
  const hashtags = [...tags]
    .slice(0, 5)
    .map((tag) => `#${tag}`)
    .join(" ");
  const description = `${title}\n\n${detail}, ${condition.phrase}; size ${size.label}.\n\n${hashtags}`;

  const usd = seller.countryCode === "US";
  const priceCents =
    Math.round(rng.int(kind.price[0], kind.price[1]) * (usd ? 1.25 : 1)) * 100 + rng.pick([0, 0, 0, 50, 99]);
  const discounted = rng.chance(0.18);
  const currentCents = discounted
    ? Math.max(100, Math.floor((priceCents * rng.pick([0.8, 0.85, 0.9])) / 100) * 100)
    : priceCents;
  const shippingCents = rng.pick(usd ? [599, 750, 499, 0] : [315, 399, 450, 295, 0]);
  const sizeCode = size.label === "one size" ? "OS" : size.label.replace(/\s+/g, "");
  const hasSku = rng.chance(0.8);
  const pictureCount = rng.int(1, 4);
  const boosted = rng.chance(0.12);
  const createdMs = createdAtMs(seller, index);
  // Edited some time after listing, but never past the end of the demo timeline.
  const updatedMs =
    createdMs +
    Math.floor((rng.next() * Math.max(0, Math.min(20 * DAY_MS, TIMELINE_END_MS - createdMs))) / 1000) * 1000;
  const status = STATUSES[seller.statuses[index] ?? 0] ?? "STATUS_ONSALE";
  // A hash of its own (not the generator above), so adding shipping shapes left every other field as it was.
  const shippingRoll = hashInts(seller.id, index, 11) % 4;
  const shipping: Pick<Product, "national_shipping_cost" | "international_shipping_cost" | "depop_shipping"> =
    shippingRoll === 0
      ? {
          depop_shipping: {
            address_id: seller.id * 10 + 1,
            shipping_provider_id: usd ? "USPS" : "MY_HERMES",
            parcel_size_id: rng.pick(["small", "medium", "large"]),
            payer: "buyer",
          },
        }
      : shippingRoll === 1
        ? { national_shipping_cost: money(shippingCents), international_shipping_cost: money(shippingCents + 1000) }
        : { national_shipping_cost: money(shippingCents) };

  return {
    sku: hasSku ? `${seller.skuPrefix}-${String(index + 1).padStart(4, "0")}-${sizeCode}` : null,
    product_id: productId,
    slug: `${slugWords(title).split("-").slice(0, 6).join("-")}-${productId}`,
    status,
    address: usd ? { country_code: "US", state: "New York" } : { country_code: "GB", state: "Greater London" },
    description,
    price_currency: usd ? "USD" : "GBP",
    price_amount: money(priceCents),
    current_price: money(currentCents),
    auto_send_offer_price: money(Math.round(currentCents * 0.9)),
    auto_negotiate_offer_price: money(Math.round(currentCents * 0.8)),
    ...shipping,
    quantity: source === "deadstock" ? rng.int(1, 3) : 1,
    pictures: Array.from({ length: pictureCount }, (_, n) => ({
      url: `${mediaBaseUrl}/media/${productId}/P${n}.png`,
      height: IMAGE_SIZE,
      width: IMAGE_SIZE,
    })),
    department: kind.department,
    product_type: kind.productType,
    size_set_id: kind.sizeSet.id,
    size_id: size.id,
    condition: condition.value,
    colour: colours,
    style: styles,
    age: [age],
    source: [source],
    brand,
    attributes: { material: [material], ...kind.extra },
    is_boosted: status === "STATUS_ONSALE" && boosted,
    created_at: isoSeconds(createdMs),
    updated_at: isoSeconds(updatedMs),
  };
}

/** The product with the offer-price fields dropped, for tokens without offers_read (§6). */
export function withoutOfferPrices(product: Product): Product {
  const { auto_send_offer_price: _send, auto_negotiate_offer_price: _negotiate, ...rest } = product;
  return rest;
}

function plan(entries: [ProductStatus, number[]][]): Map<number, ProductStatus> {
  const map = new Map<number, ProductStatus>();
  for (const [status, indexes] of entries) {
    for (const index of indexes) map.set(index, status);
  }
  return map;
}

/** The fixed demo shops every fresh stub starts with. */
function demoSellers(): Seller[] {
  return [
    createSeller({
      id: 97082934,
      username: "vintage_vault",
      countryCode: "GB",
      productCount: 47,
      firstProductId: 7208800,
      statusPlan: plan([
        ["STATUS_PURCHASED", [4, 11, 17, 25, 33, 40]],
        ["STATUS_MARKED_AS_SOLD", [8, 21, 37]],
        ["STATUS_DELETED_ONSALE", [14]],
        ["STATUS_PRODUCT_BANNED_ONSALE", [29]],
      ]),
    }),
    createSeller({
      id: 31415926,
      username: "retro_rags",
      countryCode: "US",
      productCount: 9,
      firstProductId: 7208900,
      // Every documented status the first shop does not show (and one sale, with an order).
      statusPlan: plan([
        ["STATUS_DELETED_PURCHASED", [1]],
        ["STATUS_PURCHASED", [2]],
        ["STATUS_DELETED_MARKED_AS_SOLD", [3]],
        ["STATUS_USER_BANNED_ONSALE", [4]],
        ["STATUS_PRODUCT_BANNED_PURCHASED", [5]],
        ["STATUS_USER_BANNED_PURCHASED", [6]],
        ["STATUS_DELETED", [7]],
      ]),
    }),
    createSeller({
      id: 27182818,
      username: "empty_closet",
      countryCode: "GB",
      productCount: 0,
      firstProductId: 7209000,
    }),
  ];
}

export type ProductLookup = { by: "id"; value: number } | { by: "sku"; value: string } | { by: "slug"; value: string };

/** Every shop the stub knows, demo ones plus those added through the control API. */
export class SellerDirectory {
  private readonly sellers: Seller[] = demoSellers();

  all(): readonly Seller[] {
    return this.sellers;
  }

  byId(id: number): Seller | undefined {
    return this.sellers.find((seller) => seller.id === id);
  }

  byUsername(username: string): Seller | undefined {
    const wanted = username.toLowerCase();
    return this.sellers.find((seller) => seller.username.toLowerCase() === wanted);
  }

  byApiKey(key: string): Seller | undefined {
    return this.sellers.find((seller) => seller.apiKey === key);
  }

  /** Changes a product's status (a simulated sale); `restoreStatuses` puts every demo status back. */
  setStatus(seller: Seller, index: number, status: ProductStatus): void {
    if (index < 0 || index >= seller.productCount) return;
    const key = `${seller.id}:${index}`;
    if (!this.originalStatuses.has(key)) this.originalStatuses.set(key, seller.statuses[index] ?? 0);
    seller.statuses[index] = STATUSES.indexOf(status);
    madeProducts.delete(seller);
  }

  restoreStatuses(): void {
    for (const [key, original] of this.originalStatuses) {
      const [id, index] = key.split(":").map(Number) as [number, number];
      const seller = this.byId(id);
      if (seller) {
        seller.statuses[index] = original;
        madeProducts.delete(seller);
      }
    }
    this.originalStatuses.clear();
  }

  private readonly originalStatuses = new Map<string, number>();

  add(input: { id: number; username: string; countryCode: CountryCode; productCount: number }): Seller {
    // Start past every existing id range, on a round number, so ids stay unique across shops.
    const end = Math.max(...this.sellers.map((seller) => seller.firstProductId + seller.productCount));
    const firstProductId = Math.ceil((end + 1) / 1000) * 1000;
    const seller = createSeller({ ...input, firstProductId });
    this.sellers.push(seller);
    return seller;
  }

  /** Finds which seller owns a product id, for the image route. */
  ownerOf(productId: number): { seller: Seller; index: number } | undefined {
    for (const seller of this.sellers) {
      const index = productId - seller.firstProductId;
      if (index >= 0 && index < seller.productCount) return { seller, index };
    }
    return undefined;
  }

  /** A seller's own product by id, SKU or slug; other shops' products are invisible. */
  find(seller: Seller, lookup: ProductLookup, mediaBaseUrl: string): Product | undefined {
    const index = this.candidateIndex(seller, lookup);
    if (index === undefined || index < 0 || index >= seller.productCount) return undefined;
    const product = productAt(seller, index, mediaBaseUrl);
    if (lookup.by === "sku" && product.sku !== lookup.value) return undefined;
    if (lookup.by === "slug" && product.slug !== lookup.value) return undefined;
    return product;
  }

  private candidateIndex(seller: Seller, lookup: ProductLookup): number | undefined {
    if (lookup.by === "id") return lookup.value - seller.firstProductId;
    if (lookup.by === "slug") {
      // Slugs end in the product id, so the id leads straight to the one candidate.
      const match = /-(\d+)$/.exec(lookup.value);
      return match?.[1] === undefined ? undefined : Number(match[1]) - seller.firstProductId;
    }
    // SKUs carry the 1-based index after the shop prefix; the caller then compares the whole SKU.
    const match = /^[A-Z0-9]+-(\d{4,})-/.exec(lookup.value);
    return match?.[1] === undefined ? undefined : Number(match[1]) - 1;
  }
}
