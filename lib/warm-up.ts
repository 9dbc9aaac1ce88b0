import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { SellerConnection } from "@/lib/connections";
import { type ProductCardList, productCardListSchema } from "@/lib/depop/schemas";

/**
 * `npm start`'s warm-up of the dashboard (scripts/warm-up.mjs). Before a worker opens its port it renders pages to
 * itself on a private loopback port, so that V8 has compiled and optimised the render path before the first seller
 * arrives: a fresh worker otherwise serves its first hundred dashboards or so at up to twice the warm latency. The
 * dashboard needs a signed-in seller and an answer from Depop, and the warm-up has neither (and must not call Depop
 * or write to the database): for its requests, and only for them, the page renders a made-up shop built here, through
 * the same schema, formatting and components as a real one.
 *
 * A request is a warm-up request only if it carries, in `WARM_UP_HEADER`, the random token the launcher put in this
 * process's memory for the warm-up (never in the environment, a file or a URL). The launcher deletes the token before
 * the worker opens its port, so from then on no request can be one, whatever it sends; `next start` never sets one.
 */
export const WARM_UP_HEADER = "x-depop-connect-warm-up";
/** Where scripts/warm-up.mjs keeps the token while it warms up (a registered symbol: the same in every module). */
const TOKEN_KEY = Symbol.for("depop-connect.warm-up-token");
const MIN_TOKEN_LENGTH = 32;

function warmUpToken(): string | undefined {
  const value: unknown = Reflect.get(globalThis, TOKEN_KEY);
  return typeof value === "string" && value.length >= MIN_TOKEN_LENGTH ? value : undefined;
}

/** False (at no cost) once the worker serves: then no request needs its headers read for this. */
export function warmUpInProgress(): boolean {
  return warmUpToken() !== undefined;
}

/** The request's `WARM_UP_HEADER` value is this process's warm-up token (compared in constant time). */
export function isWarmUpRequest(headerValue: string | null): boolean {
  const token = warmUpToken();
  if (!token || !headerValue) return false;
  const given = Buffer.from(headerValue);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Not an id any seller gets (those are random UUIDs); never stored, never looked up. */
export const WARM_UP_SELLER_ID = "warm-up";

export function warmUpConnection(): SellerConnection {
  const now = Date.now();
  return {
    sellerId: WARM_UP_SELLER_ID,
    depopShopId: "0",
    username: "warm_up",
    countryCode: "GB",
    scopes: ["products_read", "products_write", "orders_read", "shop_read"],
    status: "active",
    connectedAt: new Date(now),
    refreshedAt: null,
    accessTokenExpiresAt: new Date(now + 3_600_000),
    refreshTokenExpiresAt: new Date(now + 90 * 86_400_000),
  };
}

const STATUSES = [
  "STATUS_ONSALE",
  "STATUS_ONSALE",
  "STATUS_PURCHASED",
  "STATUS_ONSALE",
  "STATUS_MARKED_AS_SOLD",
  "STATUS_DELETED",
] as const;

/**
 * A first products page as Depop's API answers it (a full page of varied products: on sale, sold, deleted,
 * discounted), parsed by the same schema as a real answer.
 */
export function warmUpProducts(pageSize: number): ProductCardList {
  const data = Array.from({ length: pageSize }, (_, i) => {
    const price = 12 + ((i * 7) % 80);
    return {
      product_id: 900_000_000 + i,
      sku: null,
      slug: `warm-up-${i}`,
      status: STATUSES[i % STATUSES.length],
      description: `Warm-up product ${i + 1}: vintage denim jacket, light wash, size M. Worn a handful of times.`,
      price_currency: "GBP",
      price_amount: `${price}.00`,
      ...(i % 4 === 1 ? { current_price: `${price - 3}.50` } : {}),
      quantity: i % 5 === 0 ? 2 : 1,
      pictures: [{ url: `https://media-photos.depop.com/warm-up/${i}/P0.jpg`, height: 1280, width: 1280 }],
      created_at: "2026-01-01T12:00:00Z",
    };
  });
  return productCardListSchema.parse({ meta: { cursor: "warm-up-next", has_more: true }, data });
}
