import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { config } from "../config";
import { withAccessToken } from "../connections";
import { db } from "../db";
import { DepopApiError, deleteProduct, getProduct, markProductSold, updateProduct } from "../depop/api";
import { log } from "../log";
import { type ListingProblem, noteMissingScope, problemOf } from "./edit";
import { changedPrice, type PriceChange } from "./rules";

/**
 * Bulk listing changes as a job: a row per job and one per listing (Prisma, per seller), worked through by `after()`
 * in the request that made it and resumed by the cron route when that process is gone (Vercel-style: nothing lives
 * on after a response). Each listing is claimed with a lease, a compare-and-set on `leaseUntil`, so two workers never
 * send the same write; every write goes through the process's write pacer (Depop's 20 listing writes a second).
 */

export type BulkAction = "price" | "mark_sold" | "delete";
export const MAX_JOB_ITEMS = 500;
/** Longer than one listing can take: a read and a write, each with its timeout, and the 429 retries. */
const LEASE_MS = 2 * 60_000;
/** Listings worked on at once per job (the write pacer, not this, sets the pace). */
const WORKERS = 4;
/** A run stops taking new listings after this long, well inside a serverless function's time; cron resumes. */
export const RUN_BUDGET_MS = 45_000;
/** A listing Depop rate-limited goes back in the queue this much later. */
const RATE_LIMIT_DELAY_MS = 2_000;

export type ItemError = ListingProblem | "active_offers" | "below_minimum" | "above_maximum";

const priceChangeSchema = z.union([
  z.object({ kind: z.literal("percent"), value: z.number().int() }),
  z.object({ kind: z.literal("amount"), cents: z.number().int() }),
]);

/**
 * A new job. Marking as sold and deleting cannot be undone, so those jobs wait for the seller to confirm them on the
 * job page (`confirm`); a price change starts at once (`running`).
 */
export async function createListingJob(
  sellerId: string,
  action: BulkAction,
  productIds: readonly number[],
  priceChange?: PriceChange,
): Promise<string> {
  const id = randomBytes(16).toString("base64url");
  const now = new Date();
  const unique = [...new Set(productIds)].slice(0, MAX_JOB_ITEMS);
  await db().listingJob.create({
    data: {
      id,
      sellerId,
      action,
      priceChange: action === "price" && priceChange ? JSON.stringify(priceChange) : null,
      status: action === "price" ? "running" : "confirm",
      items: { create: unique.map((productId, position) => ({ productId, position, updatedAt: now })) },
    },
  });
  return id;
}

/** Works through a job's pending listings until none is left or the run's time is up. Safe to run twice at once. */
export async function runListingJob(jobId: string, deadline = Date.now() + RUN_BUDGET_MS): Promise<void> {
  const job = await db().listingJob.findUnique({ where: { id: jobId } });
  if (job?.status !== "running") return;
  const action = z.enum(["price", "mark_sold", "delete"]).parse(job.action);
  const change = job.priceChange ? priceChangeSchema.parse(JSON.parse(job.priceChange)) : undefined;
  const worker = async () => {
    while (Date.now() < deadline) {
      const claimed = await claimNext(jobId);
      if (claimed === null) return;
      const outcome = await workOn(job.sellerId, jobId, action, change, claimed);
      if (outcome === "rate_limited") return;
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  await finishIfDone(jobId);
}

type Claimed = { productId: number; detail: string | null };

async function claimNext(jobId: string): Promise<Claimed | null> {
  const now = new Date();
  const candidates = await db().listingJobItem.findMany({
    where: { jobId, status: "pending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { position: "asc" },
    take: WORKERS * 2,
    select: { productId: true, leaseUntil: true, detail: true },
  });
  for (const candidate of candidates) {
    // Compare-and-set on the lease as read: of two workers that read the same row, one update matches.
    const { count } = await db().listingJobItem.updateMany({
      where: { jobId, productId: candidate.productId, status: "pending", leaseUntil: candidate.leaseUntil },
      data: { leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 }, updatedAt: now },
    });
    if (count === 1) return { productId: candidate.productId, detail: candidate.detail };
  }
  return null;
}

async function workOn(
  sellerId: string,
  jobId: string,
  action: BulkAction,
  change: PriceChange | undefined,
  item: Claimed,
): Promise<"done" | "failed" | "rate_limited"> {
  const { productId } = item;
  const record = async (
    status: "done" | "failed" | "pending",
    data: { error?: ItemError | null; detail?: string | null; leaseUntil?: Date | null },
  ) => {
    await db().listingJobItem.update({
      where: { jobId_productId: { jobId, productId } },
      data: { status, leaseUntil: null, error: null, ...data, updatedAt: new Date() },
    });
  };
  try {
    const result = await withAccessToken(sellerId, async (token): Promise<{ error?: ItemError; detail?: string }> => {
      const settings = config();
      if (action === "mark_sold") {
        await markProductSold(settings, token, productId);
        return {};
      }
      // Read first: the price is changed from what Depop has now, and a DELETE (idempotent at Depop) of a listing
      // that is not this shop's is reported as not found rather than as deleted.
      const current = await getProduct(settings, token, productId);
      if (current.product_id !== productId) return { error: "not_found" };
      if (action === "delete") {
        await deleteProduct(settings, token, productId, { failIfActiveOffers: true });
        return {};
      }
      if (current.status !== "STATUS_ONSALE") return { error: "not_on_sale" };
      // A listing tried before keeps the price worked out the first time: a retry never takes 10% off twice.
      const planned = item.detail?.split(" ")[1];
      let target = planned;
      if (!target) {
        const next = changedPrice(current.price_amount, change ?? { kind: "percent", value: 0 });
        if (!next.ok) return { error: next.problem.includes("under") ? "below_minimum" : "above_maximum" };
        target = next.price;
        await db().listingJobItem.update({
          where: { jobId_productId: { jobId, productId } },
          data: { detail: `${current.price_amount} ${target}` },
        });
      }
      if (current.price_amount !== target) await updateProduct(settings, token, productId, { price_amount: target });
      return {};
    });
    if (result.error) {
      await record("failed", { error: result.error });
      return "failed";
    }
    await record("done", {});
    return "done";
  } catch (error) {
    if (error instanceof DepopApiError && (error.kind === "rate_limited" || error.kind === "write_rate_limited")) {
      await record("pending", { leaseUntil: new Date(Date.now() + RATE_LIMIT_DELAY_MS) });
      return "rate_limited";
    }
    await noteMissingScope(sellerId, error);
    let code: ItemError = problemOf(error, "change a listing in a bulk job");
    if (error instanceof DepopApiError && error.kind === "rejected") {
      const codes = (error.details.codes ?? []).map((entry) => entry.code);
      code = codes.includes("product_has_active_offers")
        ? "active_offers"
        : action === "mark_sold"
          ? "not_on_sale"
          : "rejected";
    }
    try {
      await record("failed", { error: code });
    } catch (storageError) {
      // The lease runs out and another run picks the listing up again.
      log.warn("could not record a listing job item", { jobId, productId, error: storageError });
    }
    return "failed";
  }
}

async function finishIfDone(jobId: string): Promise<void> {
  const left = await db().listingJobItem.count({ where: { jobId, status: "pending" } });
  if (left > 0) return;
  await db().listingJob.updateMany({
    where: { id: jobId, status: "running" },
    data: { status: "finished", finishedAt: new Date() },
  });
}

/** The seller confirmed a job waiting for it: it starts. False when there is no such job of this seller's waiting. */
export async function confirmListingJob(sellerId: string, jobId: string): Promise<boolean> {
  const { count } = await db().listingJob.updateMany({
    where: { id: jobId, sellerId, status: "confirm" },
    data: { status: "running" },
  });
  return count === 1;
}

/** The seller cancelled a job waiting for confirmation: it is gone. */
export async function cancelListingJob(sellerId: string, jobId: string): Promise<void> {
  await db().listingJob.deleteMany({ where: { id: jobId, sellerId, status: "confirm" } });
}

/** Puts a finished job's failed listings back in the queue. False when the job is not this seller's. */
export async function retryFailedItems(sellerId: string, jobId: string): Promise<boolean> {
  const job = await db().listingJob.findFirst({ where: { id: jobId, sellerId }, select: { id: true } });
  if (!job) return false;
  const { count } = await db().listingJobItem.updateMany({
    where: { jobId, status: "failed" },
    data: { status: "pending", error: null, leaseUntil: null, updatedAt: new Date() },
  });
  if (count > 0) await db().listingJob.update({ where: { id: jobId }, data: { status: "running", finishedAt: null } });
  return true;
}

/** The cron route's part: every job still running (its request's process may be gone) gets a run. */
export async function resumeListingJobs(
  deadline = Date.now() + RUN_BUDGET_MS,
): Promise<{ jobs: number; finished: number }> {
  const running = await db().listingJob.findMany({
    where: { status: "running" },
    orderBy: { createdAt: "asc" },
    take: 50,
    select: { id: true },
  });
  let finished = 0;
  for (const { id } of running) {
    if (Date.now() >= deadline) break;
    await runListingJob(id, deadline);
    const job = await db().listingJob.findUnique({ where: { id }, select: { status: true } });
    if (job?.status === "finished") finished++;
  }
  return { jobs: running.length, finished };
}

export type JobView = {
  id: string;
  action: BulkAction;
  priceChange: PriceChange | undefined;
  status: "confirm" | "running" | "finished";
  createdAt: Date;
  counts: { total: number; done: number; failed: number; left: number };
  items: { productId: number; status: "pending" | "done" | "failed"; error: ItemError | null; detail: string | null }[];
};

const itemStatus = z.enum(["pending", "done", "failed"]);
const itemError = z
  .enum([
    "missing_scope",
    "reconnect",
    "not_found",
    "not_on_sale",
    "rate_limited",
    "unavailable",
    "rejected",
    "active_offers",
    "below_minimum",
    "above_maximum",
  ])
  .nullable()
  .catch("unavailable");

/** A seller's own job, or null (another seller's job is as unknown as a job that never existed). */
export async function getListingJob(sellerId: string, jobId: string): Promise<JobView | null> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(jobId)) return null;
  const job = await db().listingJob.findFirst({
    where: { id: jobId, sellerId },
    include: { items: { orderBy: { position: "asc" } } },
  });
  if (!job) return null;
  const items = job.items.map((item) => ({
    productId: item.productId,
    status: itemStatus.catch("pending").parse(item.status),
    error: item.status === "failed" ? itemError.parse(item.error) : null,
    detail: item.detail,
  }));
  const done = items.filter((item) => item.status === "done").length;
  const failed = items.filter((item) => item.status === "failed").length;
  return {
    id: job.id,
    action: z.enum(["price", "mark_sold", "delete"]).parse(job.action),
    priceChange: job.priceChange ? priceChangeSchema.parse(JSON.parse(job.priceChange)) : undefined,
    status: z.enum(["confirm", "running", "finished"]).catch("running").parse(job.status),
    createdAt: job.createdAt,
    counts: { total: items.length, done, failed, left: items.length - done - failed },
    items,
  };
}

/** A seller's recent jobs, newest first. */
export async function listListingJobs(sellerId: string) {
  return db().listingJob.findMany({
    where: { sellerId },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, action: true, status: true, createdAt: true, _count: { select: { items: true } } },
  });
}
