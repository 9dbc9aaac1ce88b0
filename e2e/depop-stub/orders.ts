import { randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import { productAt, type Seller, type SellerDirectory } from "./data";
import { hashInts } from "./random";

/** Orders as the Seller API returns them (§10). Amounts are decimal strings, like every price. */
export const ORDER_STATUSES = ["SHIPPING_PENDING", "SHIPPED", "REFUNDED", "CANCELLED", "COMPLETED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface LineItem {
  purchase_item_id: number;
  sku: string | null;
  product_id: number;
  slug: string;
  parcel_id: string;
  description: string;
  original_price: string;
  sold_price: string;
  sold_via_offers: boolean;
  image_url: string;
}

export interface Order {
  seller_id: number;
  purchase_id: string;
  status: OrderStatus;
  currency: "GBP" | "USD";
  buyer_pays_amount: string;
  seller_receives_amount: string;
  buyer_shipping_price: string;
  buyer_tax_amount?: string;
  buyer_address: {
    name: string;
    address_line_1: string;
    city: string;
    postcode: string;
    country_code: string;
  };
  line_items: LineItem[];
  seller_fee_breakdown: { type: string; amount: string }[];
  depop_shipping?: { shipping_provider_id: string; parcel_size_id: string; tracking_number: string | null };
  refund_summary?: { total_refunded_amount: string; items_refunded_amount: string; shipping_refunded_amount: string };
  created_at: string;
}

/** A parcel marked as shipped through the API, as the stub remembers it (tests read it back). */
export interface Shipment {
  purchase_id: string;
  parcel_id: string;
  tracking_number: string;
  carrier: string;
  at: string;
}

const FIRST_BUYER = {
  name: "Alex Morgan",
  address_line_1: "12 Rose Street",
  city: "Leeds",
  postcode: "LS1 4AB",
  country_code: "GB",
};
const BUYERS = [
  FIRST_BUYER,
  { name: "Robin Hale", address_line_1: "21 Mill Lane", city: "York", postcode: "YO1 7HH", country_code: "GB" },
  { name: "Sam Patel", address_line_1: "7 Quay Road", city: "Bristol", postcode: "BS1 5TT", country_code: "GB" },
  { name: "Jo Rivera", address_line_1: "480 Pine Ave", city: "Brooklyn", postcode: "11211", country_code: "US" },
  { name: "Kit Chen", address_line_1: "3 Elm Court", city: "Glasgow", postcode: "G2 8QQ", country_code: "GB" },
];

const cents = (amount: string) => Math.round(Number(amount) * 100);
const money = (value: number) => (value / 100).toFixed(2);

/** A deterministic UUID from integers (demo data must be the same on every run). */
function uuidFrom(...parts: number[]): string {
  const hex = [0, 1, 2, 3]
    .map((n) =>
      hashInts(...parts, n)
        .toString(16)
        .padStart(8, "0"),
    )
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Builds an order of `indexes` (one parcel each) of a seller's products. */
export function buildOrder(input: {
  seller: Seller;
  indexes: number[];
  purchaseId: string;
  status: OrderStatus;
  createdAt: string;
  mediaBaseUrl: string;
  parcelIds?: string[];
}): Order {
  const { seller } = input;
  const usd = seller.countryCode === "US";
  let itemsCents = 0;
  let shippingCents = 0;
  const lineItems = input.indexes.map((index, n) => {
    const product = productAt(seller, index, input.mediaBaseUrl);
    const viaOffer = hashInts(seller.id, index, 21) % 3 === 0;
    const sold = viaOffer ? Math.round(cents(product.current_price) * 0.9) : cents(product.current_price);
    itemsCents += sold;
    shippingCents += product.national_shipping_cost ? cents(product.national_shipping_cost) : usd ? 599 : 399;
    return {
      purchase_item_id: Number(input.purchaseId) * 10 + n,
      sku: product.sku,
      product_id: product.product_id,
      slug: product.slug,
      parcel_id: input.parcelIds?.[n] ?? uuidFrom(seller.id, index, Number(input.purchaseId)),
      description: product.description,
      original_price: product.price_amount,
      sold_price: money(sold),
      sold_via_offers: viaOffer,
      image_url: product.pictures[0]?.url ?? `${input.mediaBaseUrl}/media/${product.product_id}/P0.png`,
    };
  });
  const taxCents = usd ? Math.round(itemsCents * 0.08) : 0;
  const feeCents = Math.round(itemsCents * 0.033) + 20;
  const buyer = BUYERS[hashInts(seller.id, Number(input.purchaseId)) % BUYERS.length] ?? FIRST_BUYER;
  const order: Order = {
    seller_id: seller.id,
    purchase_id: input.purchaseId,
    status: input.status,
    currency: usd ? "USD" : "GBP",
    buyer_pays_amount: money(itemsCents + shippingCents + taxCents),
    seller_receives_amount: money(itemsCents + shippingCents - feeCents),
    buyer_shipping_price: money(shippingCents),
    ...(usd ? { buyer_tax_amount: money(taxCents) } : {}),
    buyer_address: { ...buyer },
    line_items: lineItems,
    seller_fee_breakdown: [
      { type: "payment_processing_fee", amount: money(Math.round(itemsCents * 0.033)) },
      { type: "fixed_fee", amount: money(20) },
    ],
    created_at: input.createdAt,
  };
  if (input.status === "REFUNDED") {
    order.refund_summary = {
      total_refunded_amount: order.buyer_pays_amount,
      items_refunded_amount: money(itemsCents),
      shipping_refunded_amount: money(shippingCents),
    };
  }
  return order;
}

const DAY_MS = 86_400_000;
const DEMO_END_MS = Date.UTC(2026, 10, 28, 15, 0, 0);

/** Demo orders: every status for vintage_vault, two more for retro_rags (its own sold products). */
function demoPlan(): { sellerId: number; indexes: number[]; status: OrderStatus; daysAgo: number }[] {
  return [
    { sellerId: 97082934, indexes: [40, 33], status: "SHIPPING_PENDING", daysAgo: 1 },
    { sellerId: 97082934, indexes: [25], status: "SHIPPING_PENDING", daysAgo: 3 },
    { sellerId: 97082934, indexes: [17], status: "SHIPPED", daysAgo: 6 },
    { sellerId: 97082934, indexes: [11], status: "COMPLETED", daysAgo: 15 },
    { sellerId: 97082934, indexes: [4], status: "REFUNDED", daysAgo: 22 },
    { sellerId: 97082934, indexes: [8], status: "CANCELLED", daysAgo: 30 },
    { sellerId: 31415926, indexes: [2], status: "SHIPPED", daysAgo: 4 },
    { sellerId: 31415926, indexes: [1], status: "COMPLETED", daysAgo: 40 },
  ];
}

/** Every order the stub knows; reset brings back the demo ones. */
export class OrderStore {
  private orders: Order[] = [];
  readonly shipments: Shipment[] = [];
  private nextId = 80_000_100;

  constructor(
    private readonly sellers: SellerDirectory,
    private readonly clock: Clock,
  ) {}

  /** Demo orders need the media origin for their pictures, known once the servers listen. */
  seed(mediaBaseUrl: string): void {
    // New purchase ids keep counting across resets (like the request log's seq): an app that stored an order of
    // an earlier test never sees its id again for another order.
    this.orders = [];
    this.shipments.length = 0;
    demoPlan().forEach((entry, n) => {
      const seller = this.sellers.byId(entry.sellerId);
      if (!seller) return;
      const createdAt = new Date(DEMO_END_MS - entry.daysAgo * DAY_MS - n * 3_600_000).toISOString();
      this.orders.push(
        buildOrder({
          seller,
          indexes: entry.indexes.filter((index) => index < seller.productCount),
          purchaseId: String(80_000_001 + n),
          status: entry.status,
          createdAt,
          mediaBaseUrl,
        }),
      );
    });
  }

  /** A seller's orders, newest first (then by purchase id, so the order is total). */
  forSeller(sellerId: number): Order[] {
    return this.orders
      .filter((order) => order.seller_id === sellerId)
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.purchase_id.localeCompare(a.purchase_id));
  }

  find(sellerId: number, purchaseId: string): Order | undefined {
    return this.orders.find((order) => order.seller_id === sellerId && order.purchase_id === purchaseId);
  }

  byPurchaseId(purchaseId: string): Order | undefined {
    return this.orders.find((order) => order.purchase_id === purchaseId);
  }

  /** A new sale of one product: the order (awaiting shipment) and the product marked purchased. */
  purchase(seller: Seller, index: number, mediaBaseUrl: string): Order {
    const order = buildOrder({
      seller,
      indexes: [index],
      purchaseId: String(this.nextId++),
      status: "SHIPPING_PENDING",
      createdAt: new Date(this.clock.now()).toISOString(),
      mediaBaseUrl,
      parcelIds: [randomUUID()],
    });
    this.sellers.setStatus(seller, index, "STATUS_PURCHASED");
    this.orders.push(order);
    return order;
  }

  /** Removes an order (a test that wants Depop's list not to show one the webhook brought). */
  remove(purchaseId: string): boolean {
    const before = this.orders.length;
    this.orders = this.orders.filter((order) => order.purchase_id !== purchaseId);
    return this.orders.length < before;
  }
}
