import "server-only";
import { z } from "zod";
import { config } from "../config";
import { ReconnectRequiredError } from "../connections";
import { db } from "../db";
import { DepopApiError } from "../depop/api";
import { activeSellers, depopForSeller } from "../jobs";
import { log } from "../log";
import { processDueEvents } from "./events";
import { purgeExpiredData } from "./retention";
import { countPendingShipments, recordOrder } from "./store";

/**
 * Reconciliation: webhook delivery is best effort (docs/depop-api.md §13), so this pages through Depop's
 * `GET /api/v1/orders/` for every active seller from where the last run got to, records the orders no webhook
 * brought, and reports the orders still waiting to be shipped (Depop suggests a daily check). One run per seller
 * at a time, on any instance: a lease in the seller's OrderSync row, claimed with one upsert. Calls go through
 * `withAccessToken` (single-flight refresh, the per-seller 429 pause). Then it resumes due event retries and
 * drops personal data past the retention period.
 */

const LEASE_MS = 5 * 60_000;
/** Each run re-reads a little before the last sync point: an order stamped just before it may have been late. */
const OVERLAP_MS = 10 * 60_000;
const PAGE_LIMIT = 200;
const MAX_PAGES = 100;

export type SellerOutcome =
  | "ok"
  | "busy"
  | "missing_scope"
  | "reconnect_required"
  | "rate_limited"
  | "unavailable"
  | "failed";

export type ReconcileReport = {
  sellers: number;
  outcomes: Partial<Record<SellerOutcome, number>>;
  /** Orders recorded by this run that no webhook had brought. */
  recovered: number;
  /** Orders still SHIPPING_PENDING across the sellers read. */
  pendingShipment: number;
  events: { done: number; retry: number; dead: number };
  purged: { events: number; orders: number };
};

export async function reconcile(): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    sellers: 0,
    outcomes: {},
    recovered: 0,
    pendingShipment: 0,
    events: { done: 0, retry: 0, dead: 0 },
    purged: { events: 0, orders: 0 },
  };
  for (const seller of await activeSellers()) {
    report.sellers++;
    const { outcome, recovered } = await reconcileSeller(seller.sellerId, seller.scopes);
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    report.recovered += recovered;
    report.pendingShipment += await countPendingShipments(seller.sellerId);
  }
  report.events = await processDueEvents();
  report.purged = await purgeExpiredData(config().dataRetentionDays);
  log.info("reconciliation finished", {
    sellers: report.sellers,
    recovered: report.recovered,
    pendingShipment: report.pendingShipment,
  });
  return report;
}

const syncRow = z.array(z.object({ syncedUntil: z.coerce.date().nullable() }));

/** Reads one seller's orders since its last sync point. */
export async function reconcileSeller(
  sellerId: string,
  scopes: readonly string[],
): Promise<{ outcome: SellerOutcome; recovered: number }> {
  if (!scopes.includes("orders_read")) return { outcome: "missing_scope", recovered: 0 };
  const started = new Date();
  const rows = await db().$queryRaw<unknown[]>`
    INSERT INTO "OrderSync" ("sellerId", "leaseUntil") VALUES (${sellerId}, ${new Date(started.getTime() + LEASE_MS)})
    ON CONFLICT ("sellerId") DO UPDATE SET "leaseUntil" = excluded."leaseUntil"
    WHERE "OrderSync"."leaseUntil" IS NULL OR "OrderSync"."leaseUntil" < ${started}
    RETURNING "syncedUntil"`;
  const claimed = syncRow.parse(rows)[0];
  if (!claimed) return { outcome: "busy", recovered: 0 };

  const from = claimed.syncedUntil ? new Date(claimed.syncedUntil.getTime() - OVERLAP_MS) : undefined;
  let recovered = 0;
  let outcome: SellerOutcome = "ok";
  try {
    const depop = depopForSeller(sellerId);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const list = await depop((api) =>
        api.listOrders({ limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}), ...(from ? { from } : {}) }),
      );
      for (const order of list.data) {
        // Another shop's order in this seller's answer is not this seller's.
        if (String(order.seller_id) !== (await shopIdOf(sellerId))) continue;
        if (await recordOrder(sellerId, order, "reconcile")) recovered++;
      }
      if (!list.meta.has_more || !list.meta.cursor) break;
      cursor = list.meta.cursor;
    }
  } catch (error) {
    outcome = outcomeOf(error);
    if (outcome === "failed") log.warn("reconciliation failed for a seller", { sellerId, error });
  }
  await db().orderSync.update({
    where: { sellerId },
    data: {
      leaseUntil: null,
      lastRunAt: new Date(),
      lastOutcome: outcome,
      ...(outcome === "ok" ? { syncedUntil: started } : {}),
    },
  });
  return { outcome, recovered };
}

const shopIds = new Map<string, string>();
async function shopIdOf(sellerId: string): Promise<string> {
  let shopId = shopIds.get(sellerId);
  if (!shopId) {
    shopId = (await db().seller.findUnique({ where: { id: sellerId }, select: { depopShopId: true } }))?.depopShopId;
    if (!shopId) return "";
    shopIds.set(sellerId, shopId);
  }
  return shopId;
}

function outcomeOf(error: unknown): SellerOutcome {
  if (error instanceof ReconnectRequiredError) return "reconnect_required";
  if (!(error instanceof DepopApiError)) return "failed";
  switch (error.kind) {
    case "insufficient_scope":
      return "missing_scope";
    case "unauthorized":
      return "reconnect_required";
    case "rate_limited":
      return "rate_limited";
    case "unavailable":
      return "unavailable";
    default:
      return "failed";
  }
}

/** Starts a background sync for a seller whose last one is older than `maxAgeMs` (the orders page's freshness). */
export async function syncIfStale(sellerId: string, scopes: readonly string[], maxAgeMs: number): Promise<void> {
  const sync = await db().orderSync.findUnique({ where: { sellerId }, select: { lastRunAt: true } });
  if (sync?.lastRunAt && Date.now() - sync.lastRunAt.getTime() < maxAgeMs) return;
  await reconcileSeller(sellerId, scopes);
}
