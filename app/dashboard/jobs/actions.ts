"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { orUnavailable, sellerOrRedirect } from "@/app/dashboard/data";
import { config } from "@/lib/config";
import { withAccessToken } from "@/lib/connections";
import { listProducts } from "@/lib/depop/api";
import {
  cancelListingJob,
  confirmListingJob,
  createListingJob,
  MAX_JOB_ITEMS,
  retryFailedItems,
  runListingJob,
} from "@/lib/listings/jobs";
import { type PriceChange, priceChangeRule } from "@/lib/listings/rules";
import { log } from "@/lib/log";

const bulkForm = z.object({
  action: z.enum(["price", "mark_sold", "delete"]),
  preset: z.enum(["minus10"]).optional(),
  all_on_sale: z.literal("1").optional(),
  product_ids: z.array(z.string().regex(/^\d{1,15}$/)).max(MAX_JOB_ITEMS),
});

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : undefined);

const signedIn = () => sellerOrRedirect("/dashboard/jobs?error=unavailable");

/** Runs a job's listings after the answer has gone (Next's `after()`); the cron route resumes what it leaves. */
function workInBackground(jobId: string): void {
  after(() => runListingJob(jobId).catch((error: unknown) => log.error("a listing job run failed", { jobId, error })));
}

/**
 * Starts a bulk change from the dashboard's form: the ticked listings (or every listing on sale), an action, and for
 * a price change a percentage or amount. The work is a job: this answers at once with the job's page.
 */
export async function startBulkJob(form: FormData): Promise<never> {
  const parsed = bulkForm.safeParse({
    action: text(form.get("preset") ? "price" : form.get("action")),
    preset: text(form.get("preset")) || undefined,
    all_on_sale: text(form.get("all_on_sale")) || undefined,
    product_ids: form.getAll("product_id").map((value) => (typeof value === "string" ? value : "")),
  });
  if (!parsed.success) redirect("/dashboard/jobs?error=invalid");
  const input = parsed.data;
  let priceChange: PriceChange | undefined;
  if (input.action === "price") {
    if (input.preset === "minus10") priceChange = { kind: "percent", value: -10 };
    else {
      const change = priceChangeRule.safeParse({
        change_kind: text(form.get("change_kind")),
        change_value: text(form.get("change_value")),
      });
      if (!change.success) redirect("/dashboard/jobs?error=invalid_change");
      priceChange = change.data;
    }
  }
  const sellerId = await signedIn();

  let productIds = input.product_ids.map(Number);
  if (input.all_on_sale) {
    try {
      productIds = await everyListingOnSale(sellerId);
    } catch (error) {
      log.warn("could not list the listings on sale for a bulk job", { error });
      redirect("/dashboard/jobs?error=depop_unavailable");
    }
  }
  if (productIds.length === 0) redirect("/dashboard/jobs?error=nothing_selected");

  const jobId = await orUnavailable(
    () => createListingJob(sellerId, input.action, productIds, priceChange),
    "/dashboard/jobs?error=unavailable",
  );
  // Mark as sold and delete wait for the seller's confirmation on the job page.
  if (input.action === "price") workInBackground(jobId);
  redirect(`/dashboard/jobs/${jobId}`);
}

const jobIdRule = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

/** "Yes, start": a job waiting for confirmation starts. */
export async function confirmJob(form: FormData): Promise<never> {
  const jobId = jobIdRule.safeParse(text(form.get("job_id")));
  if (!jobId.success) redirect("/dashboard/jobs");
  const sellerId = await signedIn();
  const started = await orUnavailable(
    () => confirmListingJob(sellerId, jobId.data),
    "/dashboard/jobs?error=unavailable",
  );
  if (started) workInBackground(jobId.data);
  redirect(`/dashboard/jobs/${jobId.data}`);
}

/** "Cancel": a job waiting for confirmation is dropped, and the seller is back on the dashboard. */
export async function cancelJob(form: FormData): Promise<never> {
  const jobId = jobIdRule.safeParse(text(form.get("job_id")));
  if (!jobId.success) redirect("/dashboard");
  const sellerId = await signedIn();
  await orUnavailable(() => cancelListingJob(sellerId, jobId.data), "/dashboard/jobs?error=unavailable");
  redirect("/dashboard");
}

/** Every listing on sale, up to a job's limit (Depop's list, 100 a page). */
async function everyListingOnSale(sellerId: string): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_JOB_ITEMS / 100; page++) {
    const list = await withAccessToken(sellerId, (token) =>
      listProducts(config(), token, { limit: 100, state: "selling", ...(cursor ? { cursor } : {}) }),
    );
    for (const product of list.data) if (product.status === "STATUS_ONSALE") ids.push(product.product_id);
    if (!list.meta.has_more || !list.meta.cursor) break;
    cursor = list.meta.cursor;
  }
  return ids.slice(0, MAX_JOB_ITEMS);
}

/** "Retry failed": the job's failed listings go back in the queue and a run starts. */
export async function retryFailed(form: FormData): Promise<never> {
  const jobId = jobIdRule.safeParse(text(form.get("job_id")));
  if (!jobId.success) redirect("/dashboard/jobs");
  const sellerId = await signedIn();
  const ok = await orUnavailable(
    () => retryFailedItems(sellerId, jobId.data),
    `/dashboard/jobs/${jobId.data}?error=unavailable`,
  );
  if (!ok) redirect("/dashboard/jobs");
  workInBackground(jobId.data);
  redirect(`/dashboard/jobs/${jobId.data}`);
}
