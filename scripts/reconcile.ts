// `npm run reconcile`: the reconciliation job (the same as GET /api/cron/reconcile), for a scheduler of your own
// (cron, systemd timer). Prints counts only. Exits 1 when a seller's orders could not be read.
import { closeJobs } from "../lib/jobs";
import { reconcile } from "../lib/orders";

async function main() {
  const report = await reconcile();
  console.log(JSON.stringify(report));
  if ((report.outcomes.failed ?? 0) + (report.outcomes.unavailable ?? 0) > 0) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    console.error(`reconciliation failed: ${error instanceof Error ? error.name : "error"}`);
    process.exitCode = 1;
  })
  .finally(() => closeJobs());
