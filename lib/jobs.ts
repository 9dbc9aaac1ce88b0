import "server-only";
import { config } from "./config";
import { withAccessToken } from "./connections";
import { closeDb, db } from "./db";
import * as api from "./depop/api";

/**
 * Calling Depop for a seller outside a page: in the cron route, in `npm run reconcile`, in an event handler, or in a
 * Node script of your own (README "Jobs: calling Depop from a script"). Every call goes through `withAccessToken`:
 * a valid token, refreshed once across processes when it expires, one retry after a 401, and the seller's
 * rate-limit pause respected. Errors are values with a kind (`DepopApiError`, `ReconnectRequiredError`).
 */

/** The Seller API client bound to the configured Depop and one access token. */
export function sellerApi(token: string) {
  const settings = config();
  return {
    getShop: () => api.getShop(settings, token),
    listProducts: (options?: api.ListProductsOptions) => api.listProducts(settings, token, options),
    getProduct: (productId: number) => api.getProduct(settings, token, productId),
    getProductBySku: (sku: string) => api.getProductBySku(settings, token, sku),
    getProductBySlug: (slug: string) => api.getProductBySlug(settings, token, slug),
    listSellerAddresses: (options?: { cursor?: string }) => api.listSellerAddresses(settings, token, options),
    listOrders: (options?: api.ListOrdersOptions) => api.listOrders(settings, token, options),
    getOrder: (purchaseId: string) => api.getOrder(settings, token, purchaseId),
    markAsShipped: (purchaseId: string, parcelId: string, shipment: { trackingNumber: string; carrier: string }) =>
      api.markAsShipped(settings, token, purchaseId, parcelId, shipment),
    refundOrder: (purchaseId: string, refund?: api.RefundRequest) =>
      api.refundOrder(settings, token, purchaseId, refund),
    // Listing writes (products_write), paced by the process's listing-write budget (DEPOP_MAX_WRITE_RPS).
    updateProduct: (productId: number, changes: api.ListingChanges) =>
      api.updateProduct(settings, token, productId, changes),
    markProductSold: (productId: number) => api.markProductSold(settings, token, productId),
    deleteProduct: (productId: number, options: { failIfActiveOffers: boolean }) =>
      api.deleteProduct(settings, token, productId, options),
  };
}
export type SellerApi = ReturnType<typeof sellerApi>;

export type DepopForSeller = <T>(call: (depop: SellerApi) => Promise<T>) => Promise<T>;

/** `depopForSeller(id)((depop) => depop.listOrders({ limit: 50 }))` */
export function depopForSeller(sellerId: string): DepopForSeller {
  return (call) => withAccessToken(sellerId, (token) => call(sellerApi(token)));
}

/** Sellers with a working connection, and the scopes they granted. */
export async function activeSellers(): Promise<{ sellerId: string; depopShopId: string; scopes: string[] }[]> {
  const rows = await db().connection.findMany({
    where: { status: "active" },
    select: { sellerId: true, scopes: true, seller: { select: { depopShopId: true } } },
    orderBy: { sellerId: "asc" },
  });
  return rows.map((row) => ({
    sellerId: row.sellerId,
    depopShopId: row.seller.depopShopId,
    scopes: row.scopes.split(" ").filter(Boolean),
  }));
}

/** Closes the database pool so a script can exit. */
export async function closeJobs(): Promise<void> {
  await closeDb();
}

export { NotConnectedError, ReconnectRequiredError } from "./connections";
export { DepopApiError } from "./depop/api";
