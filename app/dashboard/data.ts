import "server-only";
import { cache } from "react";
import { config } from "@/lib/config";
import { withAccessToken } from "@/lib/connections";
import { getProduct, getShop, type ListProductsOptions, listProducts } from "@/lib/depop/api";

// React `cache`: one Depop call per resource per request, however many components ask.

export const loadShop = cache((sellerId: string) => withAccessToken(sellerId, (token) => getShop(config(), token)));

export const loadProducts = cache(
  (sellerId: string, state: NonNullable<ListProductsOptions["state"]>, sortBy: "id_desc" | "id_asc", cursor?: string) =>
    withAccessToken(sellerId, (token) =>
      listProducts(config(), token, { limit: PAGE_SIZE, state, sortBy, ...(cursor ? { cursor } : {}) }),
    ),
);

export const loadProduct = cache((sellerId: string, productId: number) =>
  withAccessToken(sellerId, (token) => getProduct(config(), token, productId)),
);

export const PAGE_SIZE = 24;
