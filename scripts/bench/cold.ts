import { mkdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { appEnv, BENCH, stubEnv } from "./config";
import { connectSellerOverHttp } from "./connect-http";
import { type LoadResult, loadTest } from "./load";
import { run, start, stop, stopAll, throwawayPostgres, treeCpuMs, waitForHttp, waitForLog } from "./processes";

/**
 * `npm run bench:cold`: what row 9 of `npm run bench` measures, alone and repeated. A fresh `npm start` (the bench's
 * build in .next-bench; `npm run bench` or `PROFILE_BUILD=1 npm run bench:profile` makes it), two sellers connected
 * through the real flow, then COLD_ROUNDS times (default 3): start the server, wait until every worker has logged
 * "Ready", send its first 200 dashboards at c=10, stop it. Prints each round's latencies, by order of completion too,
 * against row 1's typical products call (52.4 ms). COLD_NODE_ARGS: node flags for the launcher (its workers inherit
 * them); COLD_WARM: comma-separated paths requested (300 times each, c=4, no cookie) before the dashboards;
 * COLD_DATABASE=postgresql: on a throwaway PostgreSQL cluster instead of the SQLite file.
 */

const DIR = ".e2e/cold";
const PRODUCTS_CALL_MS = 52.4;
const POSTGRES = process.env.COLD_DATABASE === "postgresql";
let env: Record<string, string> = { ...appEnv, DATABASE_URL: `file:./${DIR}/app.db` };
const nodeArgs = (process.env.COLD_NODE_ARGS ?? "").split(" ").filter(Boolean);
const rounds = Number(process.env.COLD_ROUNDS ?? 3);
const warmPaths = (process.env.COLD_WARM ?? "").split(",").filter(Boolean);
/** Workers per server, as scripts/start.mjs counts them. */
const workers = Number(process.env.WEB_CONCURRENCY) || Math.min(availableParallelism(), 8);

function startApp(label: string) {
  const log = `${DIR}/app-${label}.log`;
  rmSync(log, { force: true });
  return start(
    "npm start",
    process.execPath,
    [...nodeArgs, "scripts/start.mjs", "--port", String(BENCH.appPort), "--hostname", BENCH.host],
    { ...env, PORT: String(BENCH.appPort) },
    log,
  );
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function summary(result: LoadResult, tookMs: number, readyMs: number, cpuMs: number | null): string {
  const samples = result.samples;
  const median = percentile(samples, 0.5);
  const bounds = [0, 20, 50, 100, 150, 200];
  const byCompletion = bounds
    .slice(0, -1)
    .map((from, i) => `${from}-${bounds[i + 1]}: ${percentile(samples.slice(from, bounds[i + 1]), 0.5).toFixed(0)}`)
    .join(", ");
  return [
    `median ${median.toFixed(1)} ms (${(median / PRODUCTS_CALL_MS).toFixed(2)}×)`,
    `p95 ${percentile(samples, 0.95).toFixed(0)} ms`,
    `p99 ${percentile(samples, 0.99).toFixed(0)} ms`,
    `bad ${result.bad}, errors ${result.errors}, statuses ${JSON.stringify(result.statuses)}`,
    `ready ${readyMs.toFixed(0)} ms after the spawn, 200 dashboards in ${tookMs.toFixed(0)} ms`,
    `server CPU since the spawn ${cpuMs ?? "?"} ms`,
    `medians by order of completion: ${byCompletion}`,
  ].join(" | ");
}

async function main(): Promise<void> {
  // A fresh clone has no .e2e/cold yet; a previous run's database is replaced.
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  if (POSTGRES) {
    env = { ...env, DATABASE_URL: await throwawayPostgres("cold-postgres") };
  }
  await run("prepare-db", process.execPath, ["scripts/prepare-db.mjs"], env, `${DIR}/migrate.log`, 60_000);
  await run("migrate", "node_modules/.bin/prisma", ["migrate", "deploy"], env, `${DIR}/migrate.log`, 120_000);
  const stub = start("stub", "node_modules/.bin/tsx", ["e2e/depop-stub/main.ts"], stubEnv, `${DIR}/stub.log`);
  await waitForHttp(`${BENCH.stubApiUrl}/`, stub, 30_000);
  const setup = startApp("setup");
  await waitForHttp(`${BENCH.appDirectUrl}/api/health`, setup, 60_000);
  const cookies: string[] = [];
  for (const name of ["vintage_vault", "retro_rags"]) cookies.push((await connectSellerOverHttp(name)).cookie);
  await stop(setup);
  console.log(
    `${POSTGRES ? "PostgreSQL" : "SQLite"}, node flags: [${nodeArgs.join(" ")}], WARM_UP_REQUESTS ${process.env.WARM_UP_REQUESTS ?? "default"}, extra warm-up paths: [${warmPaths.join(", ")}]`,
  );
  for (let round = 0; round < rounds; round++) {
    await sleep(1000);
    const spawned = performance.now();
    const app = startApp(`round-${round}`);
    await waitForLog(app, /Ready in/, workers, 60_000);
    const readyMs = performance.now() - spawned;
    for (const path of warmPaths) {
      const warm = await loadTest({ baseUrl: BENCH.appDirectUrl, path, cookies: [], connections: 4, amount: 300 });
      console.log(`  warm-up ${path}: ${JSON.stringify(warm.statuses)}`);
    }
    const began = performance.now();
    const result = await loadTest({
      baseUrl: BENCH.appDirectUrl,
      path: "/dashboard",
      cookies,
      connections: 10,
      amount: 200,
      timeoutSeconds: 60,
    });
    console.log(`round ${round}: ${summary(result, performance.now() - began, readyMs, treeCpuMs(app.pid))}`);
    await stop(app);
  }
  await stop(stub);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
