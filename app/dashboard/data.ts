import "server-only";
import { cache } from "react";
import { config } from "@/lib/config";
import { getSellerConnection, type SellerConnection, withAccessToken } from "@/lib/connections";
import { isStorageError } from "@/lib/db";
import { getProduct, getShop, type ListProductsOptions, listProducts } from "@/lib/depop/api";
import { getSessionSellerId } from "@/lib/sessions";
import type { DashboardQuery } from "./query";

// React `cache`: one Depop call per resource per request, however many components ask.

export const loadShop = cache((sellerId: string) => withAccessToken(sellerId, (token) => getShop(config(), token)));

// Keyed by primitives: React `cache` compares arguments by identity, so a query object would never hit.
const loadProducts = cache(
  (sellerId: string, state: NonNullable<ListProductsOptions["state"]>, sortBy: "id_desc" | "id_asc", cursor?: string) =>
    withAccessToken(sellerId, (token) =>
      listProducts(config(), token, { limit: PAGE_SIZE, state, sortBy, ...(cursor ? { cursor } : {}) }),
    ),
);

/** The products page a dashboard URL shows. */
export function loadProductsPage(sellerId: string, query: DashboardQuery) {
  return loadProducts(sellerId, query.state, query.sort === "oldest" ? "id_asc" : "id_desc", query.cursor);
}

/**
 * Starts the dashboard's two Depop calls together, before React reaches the components that await them (Next's
 * preload pattern): the slower call starts as early as the faster one. Failures surface where they are awaited.
 */
export function preloadDashboard(sellerId: string, query: DashboardQuery): void {
  loadShop(sellerId).catch(() => undefined);
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

/** The signed-in seller's connection for a page, or "unavailable" when the database cannot be reached. */
export async function readConnection(sellerId: string): Promise<SellerConnection | null | "unavailable"> {
  try {
    return await getSellerConnection(sellerId);
  } catch (error) {
    if (isStorageError(error)) return "unavailable";
    throw error;
  }
}
