import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "playwright";
import { type Connected, connectSeller, launchBrowser } from "./browser";
import { type RouteJs, routeJs } from "./client-js";
import { appEnv, BENCH, stubEnv } from "./config";
import { closedLoop, keepAliveAgent } from "./http";
import { combineResults, type LoadResult, loadTest } from "./load";
import { assertPortFree, type Child, run, start, stopAll, treeCpuMs, treeRssKb, waitForHttp } from "./processes";
import { markdownTable, type Row, textTable, writeMarkdown } from "./report";
import { kib, mib, ms, ratio, type Summary, summarize, times } from "./stats";
import {
  addSeller,
  expireAccessTokens,
  latestSeq,
  listSellers,
  requestsSince,
  shopAndProducts,
  timedTokenAndShop,
} from "./stub";

/**
 * `npm run bench`: builds the production app into .next-bench, runs it as `npm start` does (two servers of one worker per core, one SQLite file) against the
 * stub Depop, connects demo sellers through the real flow in Chromium, measures, prints a table and writes
 * docs/benchmarks.md. It only measures: budgets are reported, never enforced (exit 0 unless something crashes).
 */

const started = performance.now();
const WATCHDOG_MS = 15 * 60 * 1000;
const SOAK_SEGMENT_SECONDS = 10;
let browser: Browser | undefined;

function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`[${seconds}s] ${message}`);
}

// ---------------------------------------------------------------------------------------------------------
// Build and start

/** `next build` rewrites these for its dist dir; the bench must leave the repository as it found it. */
const FILES_NEXT_REWRITES = ["tsconfig.json", "next-env.d.ts"];

/** Set while a build runs, so an interrupted run puts the files back too. */
let restoreRewrittenFiles: (() => void) | undefined;

async function build(): Promise<void> {
  const saved = new Map(FILES_NEXT_REWRITES.map((file) => [file, existsSync(file) ? readFileSync(file) : null]));
  restoreRewrittenFiles = () => {
    for (const [file, content] of saved) {
      if (content === null) {
        if (existsSync(file)) unlinkSync(file);
      } else if (!existsSync(file) || !readFileSync(file).equals(content)) {
        writeFileSync(file, content);
      }
    }
    restoreRewrittenFiles = undefined;
  };
  try {
    await run("next build", "node_modules/.bin/next", ["build"], appEnv, `${BENCH.workDir}/build.log`, 300_000);
  } finally {
    restoreRewrittenFiles?.();
  }
}

/**
 * The server as `npm start` runs it (scripts/start.mjs: one `next start` worker per core, WEB_CONCURRENCY), started
 * with node directly so the child's pid is the launcher's; CPU and memory are summed over it and its workers.
 */
function startApp(port: number): Child {
  return start(
    `npm start :${port}`,
    process.execPath,
    ["scripts/start.mjs", "--port", String(port), "--hostname", BENCH.host],
    { ...appEnv, PORT: String(port) },
    `${BENCH.workDir}/app-${port}.log`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Rows

const fmt = (summary: Summary) => ({ median: ms(summary.median), p95: ms(summary.p95), p99: ms(summary.p99) });
const fmtBaseline = (summary: Summary) =>
  `${ms(summary.median)} / ${ms(summary.p95)} / ${ms(summary.p99)} (n=${summary.n})`;

function loadDetail(result: LoadResult, summary: Summary): string {
  const problems = result.bad + result.errors;
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  return `n=${summary.n}${problems > 0 ? `, PROBLEMS: ${result.bad} bad (${result.badExample}), ${result.errors} errors, statuses ${statuses}` : ""}`;
}

function latencyRow(
  id: string,
  what: string,
  app: LoadResult,
  baseline: Summary,
  budget: number | null,
  extra = "",
): Row {
  const summary = summarize(app.samples);
  const medianRatio = ratio(summary.median, baseline.median);
  const healthy = app.bad === 0 && app.errors === 0 && summary.n > 0;
  return {
    id,
    what,
    ...fmt(summary),
    baseline: fmtBaseline(baseline),
    ratio: times(medianRatio),
    budget: budget === null ? "" : `≤ ${budget.toFixed(1)}×`,
    holds: budget === null ? null : healthy && medianRatio <= budget,
    detail: [loadDetail(app, summary), `p95 ratio ${times(ratio(summary.p95, baseline.p95))}`, extra]
      .filter(Boolean)
      .join(", "),
  };
}

type Seller = Connected & { id: number; apiKey: string };

/** Round robin over the sellers' API keys: the dashboard's two upstream calls, in parallel, per round. */
async function upstreamBaseline(
  sellers: readonly Seller[],
  concurrency: number,
  seconds: number,
  productsQuery: string,
): Promise<Summary> {
  const agent = keepAliveAgent(concurrency * 2);
  try {
    const result = await closedLoop(concurrency, seconds * 1000, 2, (round) => {
      const seller = sellers[round % sellers.length];
      return seller ? shopAndProducts(agent, seller.apiKey, productsQuery) : Promise.resolve(false);
    });
    if (result.failures > 0) log(`  baseline: ${result.failures} failed rounds`);
    return summarize(result.samples);
  } finally {
    agent.destroy();
  }
}

/** A dashboard load run, with the app server's CPU time per response (where the time goes when it saturates). */
async function dashboardLoad(
  app: Child,
  sellers: readonly Seller[],
  connections: number,
  seconds: number,
): Promise<{ result: LoadResult; cpu: string }> {
  const baseUrl = BENCH.appDirectUrl;
  const cookies = sellers.map((seller) => seller.cookie);
  // Warm the connections (and the server's code paths for these sellers) without recording.
  await loadTest({ baseUrl, path: "/dashboard", cookies, connections, amount: connections * 2 });
  const cpuBefore = treeCpuMs(app.pid);
  const result = await loadTest({ baseUrl, path: "/dashboard", cookies, connections, duration: seconds });
  const cpuAfter = treeCpuMs(app.pid);
  const responses = result.samples.length + result.bad;
  const cpu =
    cpuBefore !== null && cpuAfter !== null && responses > 0
      ? `app CPU ${ms((cpuAfter - cpuBefore) / responses)}/response, ${(responses / seconds).toFixed(0)} responses/s`
      : "";
  return { result, cpu };
}

type StormResult = { refreshes: number; loads: LoadResult };

async function refreshStorm(sellers: readonly Seller[], baseUrls: readonly string[]): Promise<StormResult> {
  for (const seller of sellers) await expireAccessTokens(seller.id);
  const since = await latestSeq();
  const cookies = sellers.map((seller) => seller.cookie);
  const perProcess = BENCH.stormLoads / baseUrls.length;
  const results = await Promise.all(
    baseUrls.map((baseUrl) =>
      loadTest({
        baseUrl,
        path: "/dashboard",
        cookies,
        connections: perProcess,
        amount: perProcess,
        timeoutSeconds: 60,
      }),
    ),
  );
  // The log entry is written when the stub's answer ends; give the last ones a moment.
  await sleep(500);
  const refreshes = (await requestsSince(since)).filter(
    (entry) => entry.endpoint === "token" && entry.form.grant_type === "refresh_token",
  ).length;
  return { refreshes, loads: combineResults(results) };
}

function stormRow(id: string, what: string, storm: StormResult, expected: number): Row {
  const summary = summarize(storm.loads.samples);
  // Every load that did not end in a good dashboard: bad status or body, connection error, timeout.
  const failures = BENCH.stormLoads - storm.loads.samples.length;
  return {
    id,
    what,
    ...fmt(summary),
    baseline: "",
    ratio: "",
    budget: `${expected} refreshes, 0 errors`,
    holds: storm.refreshes === expected && failures === 0,
    detail: `refresh calls seen by the stub: ${storm.refreshes}, failed loads: ${failures}${storm.loads.badExample ? ` (${storm.loads.badExample})` : ""}, n=${summary.n}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  log(`depop-connect bench: stub latency ${BENCH.latencyMs} ms, ${BENCH.sellers} sellers, soak ${BENCH.soakSeconds} s`);
  const busyAtStart = await machineBusy(2000);
  if (busyAtStart !== null && busyAtStart > 0.2) {
    log(`warning: the machine is busy (${percent(busyAtStart)} CPU in use before the run): expect noisy numbers`);
  }
  rmSync(BENCH.workDir, { recursive: true, force: true });
  mkdirSync(BENCH.workDir, { recursive: true });
  for (const port of [BENCH.appPort, BENCH.secondAppPort]) await assertPortFree(BENCH.host, port);
  for (const url of [BENCH.stubWwwUrl, BENCH.stubApiUrl]) await assertPortFree(BENCH.host, Number(new URL(url).port));

  log(`building the production app into ${BENCH.distDir} (log: ${BENCH.workDir}/build.log)`);
  await build();
  log("preparing a fresh database (as npm start does: folder, then migrations)");
  await run("prepare-db", process.execPath, ["scripts/prepare-db.mjs"], appEnv, `${BENCH.workDir}/migrate.log`, 60_000);
  await run(
    "prisma migrate deploy",
    "node_modules/.bin/prisma",
    ["migrate", "deploy"],
    appEnv,
    `${BENCH.workDir}/migrate.log`,
    120_000,
  );

  log("starting the stub Depop and two app servers (npm start, one worker per core each)");
  const stub = start(
    "stub Depop",
    "node_modules/.bin/tsx",
    ["e2e/depop-stub/main.ts"],
    stubEnv,
    `${BENCH.workDir}/stub.log`,
  );
  await waitForHttp(`${BENCH.stubApiUrl}/status`, stub, 60_000);
  const app = startApp(BENCH.appPort);
  const secondApp = startApp(BENCH.secondAppPort);
  await Promise.all([
    waitForHttp(`${BENCH.appDirectUrl}/`, app, 120_000),
    waitForHttp(`${BENCH.secondAppDirectUrl}/`, secondApp, 120_000),
  ]);

  // Sellers: one to warm up with, the pool for rows 1-3 and 5, one per shop size, one for the callback baseline.
  const pool = Array.from({ length: BENCH.sellers }, (_, i) => ({
    id: 880_000_001 + i,
    username: `bench_${String(i + 1).padStart(3, "0")}`,
    products: BENCH.productsPerSeller,
  }));
  const sized = BENCH.shopSizes.map((size, i) => ({
    id: 880_100_001 + i,
    username: `bench_shop_${size}`,
    products: size,
  }));
  const warmupSellers = Array.from({ length: BENCH.warmupConnects }, (_, i) => ({
    id: 880_300_001 + i,
    username: `bench_warmup_${String(i + 1).padStart(2, "0")}`,
    products: BENCH.productsPerSeller,
  }));
  const oauthSeller = { id: 880_200_002, username: "bench_oauth", products: BENCH.productsPerSeller };
  for (const seller of [...warmupSellers, ...pool, ...sized, oauthSeller]) {
    await addSeller(seller.id, seller.username, seller.products);
  }

  // The first connects after a start compile Prisma's write queries and run unoptimised code in every worker:
  // they are timed apart (the "cold" figure in row 2's detail) and the row measures a warm server.
  log(`connecting ${warmupSellers.length} + ${pool.length + sized.length} sellers through the real flow in Chromium`);
  browser = await launchBrowser();
  const coldCallbacks: number[] = [];
  for (const seller of warmupSellers) coldCallbacks.push((await connectSeller(browser, seller.username)).callbackMs);
  const connected: Connected[] = [];
  for (const seller of [...pool, ...sized]) connected.push(await connectSeller(browser, seller.username));
  await browser.close();
  browser = undefined;

  const keys = new Map((await listSellers()).map((seller) => [seller.username, seller]));
  const withKeys = (list: readonly { id: number; username: string }[]): Seller[] =>
    list.map((seller) => {
      const found = connected.find((entry) => entry.username === seller.username);
      const apiKey = keys.get(seller.username)?.api_key;
      if (!found || !apiKey) throw new Error(`${seller.username} is not connected or has no API key`);
      return { ...found, id: seller.id, apiKey };
    });
  const sellers = withKeys(pool);
  const shops = withKeys(sized);

  // A short warm-up (the baseline for the memory row); the soak that follows brings the server to production warmth.
  log(`warming up both servers (${BENCH.warmupSeconds} s of dashboards at concurrency 10)`);
  const seqBeforeWarmup = await latestSeq();
  await loadTest({
    baseUrl: BENCH.appDirectUrl,
    path: "/dashboard",
    cookies: sellers.map((s) => s.cookie),
    connections: 10,
    duration: BENCH.warmupSeconds,
  });
  await loadTest({
    baseUrl: BENCH.secondAppDirectUrl,
    path: "/dashboard",
    cookies: sellers.map((s) => s.cookie),
    connections: 10,
    duration: Math.ceil(BENCH.warmupSeconds / 3),
  });
  const rssAfterWarmup = treeRssKb(app.pid);
  // The baseline asks Depop exactly what the dashboard asks (first products page, same filters).
  const productsCall = (await requestsSince(seqBeforeWarmup)).find((entry) => entry.endpoint === "products");
  const productsQuery = productsCall
    ? new URLSearchParams(productsCall.query).toString()
    : "limit=24&sort_by=id_desc&state=all";
  log(`  the dashboard asks Depop for /api/v1/products/?${productsQuery}`);

  const rows: Row[] = [];

  // Row 5, first: the soak is also what makes the server as warm as a production one before rows 1-4 time it.
  // It runs in 10 s segments so the report shows the throughput climbing while V8 optimises, then levelling off.
  log(`row 5: soak, /dashboard at concurrency 10 for ${BENCH.soakSeconds} s (the rows after it time a warm server)`);
  let rssPeak = rssAfterWarmup ?? 0;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, treeRssKb(app.pid) ?? 0);
  }, 1000);
  const soakParts: LoadResult[] = [];
  const soakRates: number[] = [];
  try {
    for (let left = BENCH.soakSeconds; left > 0; left -= SOAK_SEGMENT_SECONDS) {
      const seconds = Math.min(SOAK_SEGMENT_SECONDS, left);
      const part = await loadTest({
        baseUrl: BENCH.appDirectUrl,
        path: "/dashboard",
        cookies: sellers.map((s) => s.cookie),
        connections: 10,
        duration: seconds,
      });
      soakRates.push(part.samples.length / seconds);
      soakParts.push(part);
    }
  } finally {
    clearInterval(sampler);
  }
  const soak = combineResults(soakParts);
  const rssAfterSoak = treeRssKb(app.pid);
  {
    const soakSummary = summarize(soak.samples);
    rows.push({
      id: "5",
      what: `RSS after ${BENCH.soakSeconds} s soak, c=10`,
      median: mib(rssAfterSoak),
      p95: "",
      p99: "",
      baseline: `${mib(rssAfterWarmup)} after warm-up`,
      ratio: rssAfterSoak !== null && rssAfterWarmup !== null ? times(rssAfterSoak / rssAfterWarmup) : "—",
      budget: "",
      holds: null,
      detail: `peak ${mib(rssPeak)}; soak latency ${ms(soakSummary.median)} / ${ms(soakSummary.p95)} / ${ms(soakSummary.p99)}, ${loadDetail(soak, soakSummary)}; dashboards/s per ${SOAK_SEGMENT_SECONDS} s: ${soakRates.map((rate) => rate.toFixed(0)).join(", ")}`,
    });
  }

  // Row 1
  for (const concurrency of BENCH.concurrencies) {
    log(`row 1: /dashboard at concurrency ${concurrency} (${BENCH.runSeconds} s app, ${BENCH.runSeconds} s baseline)`);
    const { result, cpu } = await dashboardLoad(app, sellers, concurrency, BENCH.runSeconds);
    const baseline = await upstreamBaseline(sellers, concurrency, BENCH.runSeconds, productsQuery);
    const budget = concurrency === 1 ? 1.3 : concurrency === 10 ? 1.5 : null;
    rows.push(latencyRow("1", `/dashboard vs shop ∥ products, c=${concurrency}`, result, baseline, budget, cpu));
  }

  // Row 2: the callback samples come from the connects above; the baseline is timed here.
  log("row 2: callback baseline (code exchange + shop, sequential)");
  const callbackSamples = connected.map((entry) => entry.callbackMs).filter((value) => Number.isFinite(value));
  const oauthAgent = keepAliveAgent(2);
  const upstreamCallback: number[] = [];
  try {
    for (let i = 0; i < 2; i++) await timedTokenAndShop(oauthAgent, oauthSeller.id);
    for (let i = 0; i < Math.max(20, callbackSamples.length); i++) {
      upstreamCallback.push(await timedTokenAndShop(oauthAgent, oauthSeller.id));
    }
  } finally {
    oauthAgent.destroy();
  }
  {
    const app2 = summarize(callbackSamples);
    const base2 = summarize(upstreamCallback);
    const medianRatio = ratio(app2.median, base2.median);
    rows.push({
      id: "2",
      what: "callback vs token → shop",
      ...fmt(app2),
      baseline: fmtBaseline(base2),
      ratio: times(medianRatio),
      budget: "≤ 1.3×",
      holds: app2.n > 0 && medianRatio <= 1.3,
      detail: `n=${app2.n} connects in Chromium (request sent → 303), p95 ratio ${times(ratio(app2.p95, base2.p95))}; the first ${coldCallbacks.length} after start (cold, not in the row): median ${ms(summarize(coldCallbacks.filter(Number.isFinite)).median)}`,
    });
  }

  // Row 4 (before the storm, which expires tokens)
  const smallest = shops[0];
  let smallestMedian = Number.NaN;
  for (const shop of shops) {
    const size = sized.find((entry) => entry.username === shop.username)?.products ?? 0;
    log(`row 4: /dashboard of a ${size}-product shop, c=1`);
    const { result, cpu } = await dashboardLoad(app, [shop], 1, BENCH.shopSizeSeconds);
    const baseline = await upstreamBaseline([shop], 1, BENCH.shopSizeSeconds, productsQuery);
    const median = summarize(result.samples).median;
    if (shop === smallest) smallestMedian = median;
    rows.push(
      latencyRow(
        "4",
        `/dashboard, ${size.toLocaleString("en-GB")} products`,
        result,
        baseline,
        null,
        `${times(ratio(median, smallestMedian))} the 10-product shop, ${cpu}`,
      ),
    );
  }

  // Row 3
  const stormSellers = sellers.slice(0, BENCH.stormSellers);
  log(`row 3: refresh storm, ${BENCH.stormLoads} loads over ${stormSellers.length} expired sellers, one server`);
  const single = await refreshStorm(stormSellers, [BENCH.appDirectUrl]);
  rows.push(stormRow("3", "refresh storm, 1 server", single, stormSellers.length));
  log("row 3: refresh storm, split over two servers");
  const split = await refreshStorm(stormSellers, [BENCH.appDirectUrl, BENCH.secondAppDirectUrl]);
  rows.push(stormRow("3", "refresh storm, 2 servers", split, stormSellers.length));

  // Row 6
  log("row 6: client JavaScript per route");
  const first = sellers[0];
  if (!first) throw new Error("no connected seller");
  const dashboardHtml = await fetch(`${BENCH.appDirectUrl}/dashboard`, { headers: { cookie: first.cookie } });
  const productId = /\/dashboard\/products\/(\d+)/.exec(await dashboardHtml.text())?.[1];
  const notFound = await routeJs("/_not-found (baseline)", "/bench-no-such-page");
  const routes: RouteJs[] = [
    await routeJs("/", "/"),
    await routeJs("/dashboard", "/dashboard", first.cookie),
    await routeJs("/dashboard/connection", "/dashboard/connection", first.cookie),
  ];
  if (productId)
    routes.push(await routeJs("/dashboard/products/[id]", `/dashboard/products/${productId}`, first.cookie));
  for (const route of routes) {
    const extra = route.files.filter((file) => !notFound.files.includes(file)).length;
    rows.push({
      id: "6",
      what: `client JS ${route.route}`,
      median: kib(route.gzipBytes),
      p95: "",
      p99: "",
      baseline: `${kib(notFound.gzipBytes)} (${notFound.files.length} files)`,
      ratio: times(ratio(route.gzipBytes, notFound.gzipBytes)),
      budget: "",
      holds: null,
      detail: `gzip, ${route.files.length} files (${extra} beyond the baseline's), ${kib(route.rawBytes)} uncompressed`,
    });
  }

  // Report
  const order = ["1", "2", "3", "4", "5", "6"];
  rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const withBudget = rows.filter((row) => row.holds !== null);
  const held = withBudget.filter((row) => row.holds).length;
  const budgets = `${held} of ${withBudget.length} hold${withBudget
    .filter((row) => !row.holds)
    .map((row) => `; ✗ ${row.what}`)
    .join("")}`;
  const durationSeconds = (performance.now() - started) / 1000;
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const info = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: `nproc ${availableParallelism()} (${cpu})`,
    node: process.version,
    latencyMs: BENCH.latencyMs,
    settings: `runs ${BENCH.runSeconds} s (row 1) / ${BENCH.shopSizeSeconds} s (row 4), soak ${BENCH.soakSeconds} s, ${BENCH.sellers} sellers × ${BENCH.productsPerSeller} products`,
    revision: revision(),
    load: `CPU ${busyAtStart === null ? "—" : percent(busyAtStart)} busy just before the run`,
    durationSeconds,
    budgets,
  };
  console.log(`\n${textTable(rows)}\n\nBudgets: ${budgets}\n`);
  writeMarkdown("docs/benchmarks.md", info, rows);
  writeFileSync(
    `${BENCH.workDir}/results.json`,
    `${JSON.stringify({ info, rows, markdown: markdownTable(rows) }, null, 2)}\n`,
  );
  log(`wrote docs/benchmarks.md and ${BENCH.workDir}/results.json; stopping`);
}

/** Share of the machine's CPU time in use (by anything) over `windowMs`, from /proc/stat; null off Linux. */
async function machineBusy(windowMs: number): Promise<number | null> {
  const sample = () => {
    const values = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { idle, total: values.reduce((sum, value) => sum + value, 0) };
  };
  try {
    const before = sample();
    await sleep(windowMs);
    const after = sample();
    const total = after.total - before.total;
    return total > 0 ? 1 - (after.idle - before.idle) / total : null;
  } catch {
    return null;
  }
}

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;

/** The commit being measured (read-only git calls), or "unknown" outside a git checkout. */
function revision(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const changed = execFileSync("git", ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], {
      encoding: "utf8",
    }).trim();
    return changed ? `${commit} + uncommitted changes` : commit;
  } catch {
    return "unknown";
  }
}

async function cleanup(): Promise<void> {
  if (browser) await browser.close().catch(() => undefined);
  await stopAll();
  restoreRewrittenFiles?.();
}

let stopping = false;
function interrupted(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping the app, the stub and the browser`);
  cleanup().finally(() => process.exit(130));
}
process.on("SIGINT", interrupted);
process.on("SIGTERM", interrupted);

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes, giving up`);
  cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  async () => {
    if (stopping) return;
    await cleanup();
    process.exit(0);
  },
  async (error: unknown) => {
    // An interrupted run fails on purpose; `interrupted` cleans up and exits.
    if (stopping) return;
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanup();
    process.exit(1);
  },
);
