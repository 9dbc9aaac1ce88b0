import "server-only";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { config } from "@/lib/config";
import {
  type EarlyCall,
  getSellerConnection,
  type SellerConnection,
  startEarly,
  withAccessToken,
} from "@/lib/connections";
import { isStorageError } from "@/lib/db";
import { getProduct, type ListProductsOptions, listProductCards } from "@/lib/depop/api";
import type { ProductCardList } from "@/lib/depop/schemas";
import { getSessionSellerId, recentSessionConnection } from "@/lib/sessions";
import { isWarmUpRequest, WARM_UP_HEADER, WARM_UP_SELLER_ID, warmUpInProgress, warmUpProducts } from "@/lib/warm-up";
import type { DashboardQuery } from "./query";

// React `cache`: one Depop call per resource per request, however many components ask.

type ProductsRequest = {
  state: NonNullable<ListProductsOptions["state"]>;
  sortBy: "id_desc" | "id_asc";
  cursor?: string;
};

const productsRequest = (query: DashboardQuery): ProductsRequest => ({
  state: query.state,
  sortBy: query.sort === "oldest" ? "id_asc" : "id_desc",
  ...(query.cursor ? { cursor: query.cursor } : {}),
});
const requestKey = ({ state, sortBy, cursor }: ProductsRequest) => `${state} ${sortBy} ${cursor ?? ""}`;
const listProducts =
  ({ state, sortBy, cursor }: ProductsRequest) =>
  (token: string) =>
    listProductCards(config(), token, { limit: PAGE_SIZE, state, sortBy, ...(cursor ? { cursor } : {}) });

/** This request's early products calls (startDashboardEarly), by what they ask for. */
const earlyCalls = cache(() => new Map<string, Promise<EarlyCall<ProductCardList> | null>>());

/**
 * This request is one of npm start's own warm-up renders, made before the worker opens its port (lib/warm-up.ts):
 * it gets a made-up shop. Once the worker serves, false without reading a header.
 */
export const isWarmUp = cache(
  async (): Promise<boolean> => warmUpInProgress() && isWarmUpRequest((await headers()).get(WARM_UP_HEADER)),
);

// Keyed by primitives: React `cache` compares arguments by identity, so a query object would never hit.
const loadProducts = cache(
  async (sellerId: string, state: ProductsRequest["state"], sortBy: ProductsRequest["sortBy"], cursor?: string) => {
    if (sellerId === WARM_UP_SELLER_ID && (await isWarmUp())) return warmUpProducts(PAGE_SIZE);
    const request = { state, sortBy, ...(cursor ? { cursor } : {}) };
    const early = await earlyCalls().get(requestKey(request));
    return withAccessToken(sellerId, listProducts(request), early);
  },
);

/** The products page a dashboard URL shows. */
export function loadProductsPage(sellerId: string, query: DashboardQuery) {
  const { state, sortBy, cursor } = productsRequest(query);
  return loadProducts(sellerId, state, sortBy, cursor);
}

/**
 * Sends the dashboard's Depop call before the session is read, with the connection this process read for this
 * browser's session on an earlier view (sellers reload the dashboard): the call then overlaps the database read
 * instead of following it. The session's read still decides: loadProducts uses the early answer only when that read
 * finds the same seller and token version, and the page renders nothing before the read. A session ended on another
 * instance since costs one dropped call at most (the read that finds it gone forgets the hint).
 *
 * Resolves once a call sent has left the process. Node hands a kept-alive socket to a request on a later tick, and a
 * tick waits for every promise continuation already queued: the rest of the render's. So when a call was sent this
 * yields to the event loop once before it resolves, and the request's bytes leave now rather than when the shell is
 * done (about 1.3 ms sooner on a warm server: docs/benchmarks/levers/early-call-yield.txt).
 */
export async function startDashboardEarly(query: DashboardQuery): Promise<void> {
  const request = productsRequest(query);
  const early = recentSessionConnection()
    .then((connection) => (connection ? startEarly(connection, listProducts(request)) : null))
    .catch(() => null);
  earlyCalls().set(requestKey(request), early);
  if (await early) await yieldToEventLoop();
}

/**
 * Starts the dashboard's one Depop call before React reaches the component that awaits it (Next's preload
 * pattern), so it runs while the shell renders. The shop's name and country are the ones stored at connect time
 * (refreshed by the connection page): a call per view for an identity that does not change would halve how many
 * sellers Depop's app-wide rate limit can serve. Failures surface where the call is awaited.
 */
export function preloadDashboard(sellerId: string, query: DashboardQuery): void {
  loadProductsPage(sellerId, query).catch(() => undefined);
}

export const loadProduct = cache((sellerId: string, productId: number) =>
  withAccessToken(sellerId, (token) => getProduct(config(), token, productId)),
);

export const PAGE_SIZE = 24;

/** The signed-in seller for a page, null when nobody is, or "unavailable" when the database cannot be reached. */
export async function signedInSeller(): Promise<string | null | "unavailable"> {
  try {
    return await getSessionSellerId();
  } catch (error) {
    if (isStorageError(error)) return "unavailable";
    throw error;
  }
}

/**
 * The signed-in seller for a server action: home when nobody is signed in, `unavailableHref` (the page that says
 * "temporarily unavailable") when the database cannot be reached.
 */
export async function sellerOrRedirect(unavailableHref: string): Promise<string> {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") redirect(unavailableHref);
  if (!sellerId) redirect("/");
  return sellerId;
}

/**
 * A server action's storage work; a database that cannot be reached sends the seller to `unavailableHref` (a page
 * that says "temporarily unavailable"). Next's redirect() inside `work` is an error too: only the database's own
 * failures are caught.
 */
export async function orUnavailable<T>(
  work: () => Promise<T>,
  unavailableHref = "/?error=temporarily_unavailable",
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isStorageError(error)) throw error;
    redirect(unavailableHref);
  }
}

/** The signed-in seller's connection for a page, or "unavailable" when the database cannot be reached. */
export async function readConnection(sellerId: string): Promise<SellerConnection | null | "unavailable"> {
  try {
    return await getSellerConnection(sellerId);
  } catch (error) {
    if (isStorageError(error)) return "unavailable";
    throw error;
  }
}
