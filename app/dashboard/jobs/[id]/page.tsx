import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ConnectButton } from "@/app/components/connect-button";
import { Notice } from "@/app/components/notice";
import { signedInSeller } from "@/app/dashboard/data";
import { StorageUnavailable } from "@/app/dashboard/depop-problem";
import { isStorageError } from "@/lib/db";
import { getListingJob, type JobView } from "@/lib/listings/jobs";
import { cancelJob, confirmJob, retryFailed } from "../actions";
import { ITEM_ERROR_TEXT, jobTitle } from "../job-text";
import { RefreshWhileRunning } from "../poll";

export const metadata: Metadata = { title: "Bulk change" };

/**
 * A bulk job's progress and results. A plain page: it survives a reload, polls while the job runs (with
 * JavaScript), and lists each listing's outcome with "Retry failed" once it is done.
 */
export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard/jobs" />;
  if (!sellerId) redirect("/");
  const { id } = await params;
  let job: JobView | null;
  try {
    job = await getListingJob(sellerId, id);
  } catch (error) {
    if (isStorageError(error)) return <StorageUnavailable retryHref={`/dashboard/jobs/${encodeURIComponent(id)}`} />;
    throw error;
  }
  if (!job) notFound();
  const { counts } = job;
  const running = job.status === "running";
  if (job.status === "confirm") {
    const what = job.action === "delete" ? "Delete" : "Mark as sold";
    return (
      <>
        <p>
          <a href="/dashboard">← Back to your shop</a>
        </p>
        <h1>{jobTitle(job.action, job.priceChange)}</h1>
        <Notice title={`${what}: ${counts.total} ${counts.total === 1 ? "listing" : "listings"}?`} tone="warn">
          <p>
            {job.action === "delete"
              ? "Buyers will no longer see these listings on Depop. A listing with live offers is left alone."
              : "Buyers will no longer be able to buy these listings on Depop."}
          </p>
          <div className="actions">
            <form action={confirmJob}>
              <input type="hidden" name="job_id" value={job.id} />
              <button type="submit" className={job.action === "delete" ? "button danger" : "button"}>
                Yes, start
              </button>
            </form>
            <form action={cancelJob}>
              <input type="hidden" name="job_id" value={job.id} />
              <button type="submit" className="button secondary">
                Cancel
              </button>
            </form>
          </div>
        </Notice>
        <ul className="job-items" aria-label="Listings to change">
          {job.items.map((item) => (
            <li key={item.productId}>
              <a href={`/dashboard/products/${item.productId}`}>{`Listing ${item.productId}`}</a>
            </li>
          ))}
        </ul>
      </>
    );
  }
  const failed = job.items.filter((item) => item.status === "failed");
  const needsScope = failed.some((item) => item.error === "missing_scope");

  return (
    <>
      <p>
        <a href="/dashboard">← Back to your shop</a>
      </p>
      <h1>{jobTitle(job.action, job.priceChange)}</h1>
      <section className="job-progress" aria-labelledby="progress-heading">
        <h2 id="progress-heading">{running ? "In progress" : "Finished"}</h2>
        <progress
          aria-labelledby="progress-heading"
          aria-describedby="progress-counts"
          max={counts.total}
          value={counts.done + counts.failed}
        />
        <p id="progress-counts" role="status">
          {`${counts.done} done, ${counts.failed} failed, ${counts.left} left, of ${counts.total} listings`}
        </p>
        {running && (
          <>
            <RefreshWhileRunning />
            <p className="hint">
              This keeps going if you leave the page. <a href={`/dashboard/jobs/${job.id}`}>Refresh</a>
            </p>
          </>
        )}
      </section>
      {needsScope && (
        <Notice title="Grant permission to edit listings" tone="warn">
          <p>Depop says this app may not change your listings: approve the permission, then retry the failed ones.</p>
          <ConnectButton label="Grant permission to edit listings" scope="products_write" />
        </Notice>
      )}
      {!running && failed.length > 0 && (
        <form action={retryFailed} className="spaced">
          <input type="hidden" name="job_id" value={job.id} />
          <button type="submit" className="button">{`Retry failed (${failed.length})`}</button>
        </form>
      )}
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">Listings</h2>
        <ul className="job-items" aria-label="Results">
          {job.items.map((item) => (
            <li key={item.productId} className={item.status === "failed" ? "failed" : undefined}>
              <a href={`/dashboard/products/${item.productId}`}>{`Listing ${item.productId}`}</a>
              {": "}
              {item.status === "done"
                ? job.action === "price" && item.detail
                  ? `price ${item.detail.replace(" ", " → ")}`
                  : job.action === "delete"
                    ? "deleted"
                    : job.action === "mark_sold"
                      ? "marked as sold"
                      : "unchanged"
                : item.status === "failed"
                  ? `failed: ${item.error ? ITEM_ERROR_TEXT[item.error] : ITEM_ERROR_TEXT.unavailable}`
                  : "waiting"}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
