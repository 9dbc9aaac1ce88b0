import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LocalTime } from "@/app/components/local-time";
import { Notice } from "@/app/components/notice";
import { signedInSeller } from "@/app/dashboard/data";
import { StorageUnavailable } from "@/app/dashboard/depop-problem";
import { isStorageError } from "@/lib/db";
import { dateProps } from "@/lib/format";
import { listListingJobs } from "@/lib/listings/jobs";
import { FORM_ERROR_TEXT } from "./job-text";

export const metadata: Metadata = { title: "Bulk changes" };

/** The seller's recent bulk changes, and why a bulk form was not accepted (`?error=`, our own codes). */
export default async function JobsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard/jobs" />;
  if (!sellerId) redirect("/");
  const error = (await searchParams).error;
  const problem = typeof error === "string" ? FORM_ERROR_TEXT[error] : undefined;
  let jobs: Awaited<ReturnType<typeof listListingJobs>>;
  try {
    jobs = await listListingJobs(sellerId);
  } catch (storageError) {
    if (isStorageError(storageError)) return <StorageUnavailable retryHref="/dashboard/jobs" />;
    throw storageError;
  }
  const names: Record<string, string> = { price: "Price change", mark_sold: "Mark as sold", delete: "Delete" };
  return (
    <>
      <p>
        <a href="/dashboard">← Back to your shop</a>
      </p>
      <h1>Bulk changes</h1>
      {problem && (
        <Notice title="Nothing was started" tone="bad">
          <p>{problem}</p>
        </Notice>
      )}
      {jobs.length === 0 ? (
        <p>No bulk changes yet. Tick listings on your shop's page to change several at once.</p>
      ) : (
        <ul className="job-items" aria-label="Recent bulk changes">
          {jobs.map((job) => (
            <li key={job.id}>
              <a
                href={`/dashboard/jobs/${job.id}`}
              >{`${names[job.action] ?? "Change"} of ${job._count.items} listings`}</a>
              {` (${job.status === "finished" ? "finished" : job.status === "confirm" ? "waiting for you to confirm" : "in progress"}, `}
              <LocalTime {...dateProps(job.createdAt)} />)
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
