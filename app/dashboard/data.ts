import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { config } from "@/lib/config";
import { getSellerConnection, type SellerConnection, withAccessToken } from "@/lib/connections";
import { isStorageError } from "@/lib/db";
import { getProduct, type ListProductsOptions, listProductCards } from "@/lib/depop/api";
import { getSessionSellerId } from "@/lib/sessions";
import type { DashboardQuery } from "./query";

// React `cache`: one Depop call per resource per request, however many components ask.

// Keyed by primitives: React `cache` compares arguments by identity, so a query object would never hit.
const loadProducts = cache(
  (sellerId: string, state: NonNullable<ListProductsOptions["state"]>, sortBy: "id_desc" | "id_asc", cursor?: string) =>
    withAccessToken(sellerId, (token) =>
      listProductCards(config(), token, { limit: PAGE_SIZE, state, sortBy, ...(cursor ? { cursor } : {}) }),
    ),
);

/** The products page a dashboard URL shows. */
export function loadProductsPage(sellerId: string, query: DashboardQuery) {
  return loadProducts(sellerId, query.state, query.sort === "oldest" ? "id_asc" : "id_desc", query.cursor);
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
