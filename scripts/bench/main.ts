import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { type Cluster, startCluster } from "../../test/postgres-cluster";
import { type RouteJs, routeJs } from "./client-js";
import {
  appEnv,
  BENCH,
  BUDGETS,
  type Database,
  POSTGRES,
  postgresAppEnv,
  SQLITE,
  stubEnv,
  type Target,
} from "./config";
import { type Connected, connectSellerOverHttp } from "./connect-http";
import { closedLoop, http, keepAliveAgent } from "./http";
import { combineResults, describeBad, type LoadResult, loadTest } from "./load";
import {
  assertPortFree,
  type Child,
  run,
  start,
  stop,
  stopAll,
  treeCpuMs,
  treeRssKb,
  waitForHttp,
  waitForLog,
} from "./processes";
import { type Comparison, markdownTable, type Row, textTable, writeMarkdown } from "./report";
import { kib, mib, ms, ratio, type Summary, summarize, times } from "./stats";
import {
  addSeller,
  busiestSecond,
  byEndpoint,
  depopCalls,
  expireAccessTokens,
  latestSeq,
  listSellers,
  productsCall,
  requestsSince,
  type StubRequest,
  timedTokenAndShop,
} from "./stub";
import { describeBurst, webhookBurst } from "./webhooks";

/**
 * `npm run bench`: builds the production app into .next-bench, runs it as `npm start` does (two servers of one worker
 * per core, one SQLite file) against the stub Depop, connects demo sellers through the real flow (form posts),
 * measures, then does the same for the dashboard, callback and refresh-storm rows with two more servers on
 * PostgreSQL (a throwaway cluster on this machine), prints a table and writes docs/benchmarks.md. It only measures:
 * budgets are reported, never enforced (exit 0 unless something crashes).
 */

const started = performance.now();
const WATCHDOG_MS = 15 * 60 * 1000;
const SOAK_SEGMENT_SECONDS = 10;
/** Workers per `npm start` server, as scripts/start.mjs counts them. */
const WORKERS = Number(process.env.WEB_CONCURRENCY) || Math.min(availableParallelism(), 8);
/** A product card's link: a dashboard that shows products has one. */
const PRODUCT_LINK = /\/dashboard\/products\/(\d+)/;
/** Everything the bench prints, for docs/benchmarks/latest-run.txt. */
const transcript: string[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    transcript.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}
/** The PostgreSQL cluster while it runs: every way out of the bench destroys it (see `cleanup`). */
let cluster: Cluster | undefined;

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

/** What `npm start`'s prestart does before the server starts: the SQLite file's folder, then the migrations. */
async function migrate(env: Record<string, string>, logFile: string): Promise<void> {
  await run("prepare-db", process.execPath, ["scripts/prepare-db.mjs"], env, logFile, 60_000);
  await run("prisma migrate deploy", "node_modules/.bin/prisma", ["migrate", "deploy"], env, logFile, 120_000);
}

/**
 * The server as `npm start` runs it (scripts/start.mjs: one Next.js worker per core, WEB_CONCURRENCY), started with
 * node directly so the child's pid is the launcher's; CPU and memory are summed over it and its workers. Only row 9's
 * server (`warmUp`) does npm start's own warm-up before it opens the port: the others are warmed with dashboards
 * before anything of theirs is timed, so it would only lengthen the run (eight workers warming at once on two cores).
 */
function startApp(port: number, env: Record<string, string>, label = String(port), warmUp = false): Child {
  return start(
    `npm start :${port}`,
    process.execPath,
    ["scripts/start.mjs", "--port", String(port), "--hostname", BENCH.host],
    { ...env, PORT: String(port), ...(warmUp ? {} : { WARM_UP_REQUESTS: "0" }) },
    `${BENCH.workDir}/app-${label}.log`,
  );
}

function destroyCluster(): void {
  const running = cluster;
  cluster = undefined;
  running?.destroy();
}

/** The PostgreSQL server's version, for the report. */
async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version.split(" ")[0] ?? "?";
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Rows

const fmt = (summary: Summary) => ({ median: ms(summary.median), p95: ms(summary.p95), p99: ms(summary.p99) });
const fmtBaseline = (summary: Summary) =>
  `${ms(summary.median)} / ${ms(summary.p95)} / ${ms(summary.p99)} (n=${summary.n})`;

/** A row's name says which database it ran on (rows 1-5 read and write it; row 6 does not). */
const on = (what: string, database: Database) => `${what} (${database})`;

/** The rows measured on both databases, by measurement, for the side-by-side table. */
const twins = new Map<string, Partial<Record<Database, { row: Row; summary?: Summary }>>>();

/** Registers a row for the side-by-side table; `summary` (latencies in ms) gives the difference columns. */
function twin(measure: string, database: Database, row: Row, summary?: Summary): Row {
  const entry = twins.get(measure) ?? {};
  entry[database] = { row, summary };
  twins.set(measure, entry);
  return row;
}

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
    budget: budget === null ? "" : `≤ ${budget}×`,
    holds: budget === null ? null : healthy && medianRatio <= budget,
    detail: [loadDetail(app, summary), `p95 ratio ${times(ratio(summary.p95, baseline.p95))}`, extra]
      .filter(Boolean)
      .join(", "),
  };
}

type SellerSpec = { id: number; username: string; products: number };
type Seller = Connected & { id: number; apiKey: string };

function sellerSpecs(count: number, firstId: number, prefix: string, digits: number): SellerSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    username: `${prefix}${String(i + 1).padStart(digits, "0")}`,
    products: BENCH.productsPerSeller,
  }));
}

/**
 * Connects sellers through the real flow against one database's servers, one after another, as a browser without
 * JavaScript would (plain form posts: the same server code a browser runs, without a browser's own seconds per
 * connect). The first connects after a start compile Prisma's write queries and run unoptimised code in every
 * worker: `warmup` go first, timed apart (the "cold" figure in the callback row's detail); the callbacks of
 * `measured` are the row's samples.
 */
async function connectAll(
  target: Target,
  warmup: readonly SellerSpec[],
  measured: readonly SellerSpec[],
): Promise<{ cold: number[]; connected: Connected[] }> {
  const cold: number[] = [];
  for (const seller of warmup) {
    cold.push((await connectSellerOverHttp(seller.username, target.appUrl)).callbackMs);
  }
  const connected: Connected[] = [];
  for (const seller of measured) {
    connected.push(await connectSellerOverHttp(seller.username, target.appUrl));
  }
  return { cold, connected };
}

/** The connected sellers with their stub API keys (for the baselines and the storm). */
async function withKeys(list: readonly SellerSpec[], connected: readonly Connected[]): Promise<Seller[]> {
  const keys = new Map((await listSellers()).map((seller) => [seller.username, seller]));
  return list.map((seller) => {
    const found = connected.find((entry) => entry.username === seller.username);
    const apiKey = keys.get(seller.username)?.api_key;
    if (!found || !apiKey) throw new Error(`${seller.username} is not connected or has no API key`);
    return { ...found, id: seller.id, apiKey };
  });
}

/** c=10 dashboards on one server in 10 s segments: the dashboards/s of each show V8 warming the render path up. */
async function soak(
  baseUrl: string,
  sellers: readonly Seller[],
  seconds: number,
): Promise<{ result: LoadResult; rates: number[] }> {
  const parts: LoadResult[] = [];
  const rates: number[] = [];
  for (let left = seconds; left > 0; left -= SOAK_SEGMENT_SECONDS) {
    const segment = Math.min(SOAK_SEGMENT_SECONDS, left);
    const part = await loadTest({
      baseUrl,
      path: "/dashboard",
      cookies: sellers.map((s) => s.cookie),
      connections: 10,
      duration: segment,
    });
    rates.push(part.samples.length / segment);
    parts.push(part);
  }
  return { result: combineResults(parts), rates };
}

/** Round robin over the sellers' API keys: the dashboard's upstream call (the products page), per round. */
async function upstreamBaseline(
  sellers: readonly Seller[],
  concurrency: number,
  seconds: number,
  productsQuery: string,
): Promise<Summary> {
  const agent = keepAliveAgent(concurrency);
  try {
    const result = await closedLoop(concurrency, seconds * 1000, 2, (round) => {
      const seller = sellers[round % sellers.length];
      return seller ? productsCall(agent, seller.apiKey, productsQuery) : Promise.resolve(false);
    });
    if (result.failures > 0) log(`  baseline: ${result.failures} failed rounds`);
    return summarize(result.samples);
  } finally {
    agent.destroy();
  }
}

type Measured = {
  result: LoadResult;
  /** The server's CPU time per response (NaN when /proc could not be read). */
  cpuMs: number;
  rate: number;
  /** The Depop calls the stub saw during the run. */
  calls: StubRequest[];
  /** "app CPU 8.1 ms/response, 120 responses/s", for a detail column. */
  cpu: string;
};

/** A timed load run on one server, with its CPU time per response and the Depop calls it made meanwhile. */
async function measuredLoad(
  app: Child,
  baseUrl: string,
  path: string,
  cookies: readonly string[],
  connections: number,
  seconds: number,
  acceptEncoding?: string,
): Promise<Measured> {
  const options = { baseUrl, path, cookies, connections, ...(acceptEncoding ? { acceptEncoding } : {}) };
  // Warm the connections (and the server's code paths for these sellers) without recording.
  await loadTest({ ...options, amount: connections * 2 });
  const seq = await latestSeq();
  const cpuBefore = treeCpuMs(app.pid);
  const result = await loadTest({ ...options, duration: seconds });
  const cpuAfter = treeCpuMs(app.pid);
  // The log entry is written when the stub's answer ends; give the last ones a moment.
  await sleep(300);
  const calls = depopCalls(await requestsSince(seq));
  const responses = result.samples.length + result.bad;
  const cpuMs =
    cpuBefore !== null && cpuAfter !== null && responses > 0 ? (cpuAfter - cpuBefore) / responses : Number.NaN;
  const rate = responses / seconds;
  const cpu = Number.isFinite(cpuMs) ? `app CPU ${ms(cpuMs)}/response, ${rate.toFixed(0)} responses/s` : "";
  return { result, cpuMs, rate, calls, cpu };
}

/** Row 1's runs on one database, by concurrency: what rows 7-9 are computed from. */
type WarmRuns = Map<number, { measured: Measured; baseline: Summary }>;

/** Row 1 on one database: the dashboard against its upstream call, at each concurrency. */
async function dashboardRows(
  target: Target,
  app: Child,
  sellers: readonly Seller[],
  productsQuery: string,
  extra: (concurrency: number) => string = () => "",
): Promise<{ rows: Row[]; runs: WarmRuns }> {
  const rows: Row[] = [];
  const runs: WarmRuns = new Map();
  const cookies = sellers.map((seller) => seller.cookie);
  for (const concurrency of BENCH.concurrencies) {
    log(
      `row 1 (${target.database}): /dashboard at concurrency ${concurrency} (${BENCH.runSeconds} s app, ${BENCH.runSeconds} s baseline)`,
    );
    const measured = await measuredLoad(app, target.directUrl, "/dashboard", cookies, concurrency, BENCH.runSeconds);
    const baseline = await upstreamBaseline(sellers, concurrency, BENCH.runSeconds, productsQuery);
    runs.set(concurrency, { measured, baseline });
    const measure = `/dashboard vs products, c=${concurrency}`;
    const row = latencyRow(
      "1",
      on(measure, target.database),
      measured.result,
      baseline,
      BUDGETS.warmRatio[concurrency] ?? null,
      [measured.cpu, extra(concurrency)].filter(Boolean).join(", "),
    );
    rows.push(twin(measure, target.database, row, summarize(measured.result.samples)));
  }
  return { rows, runs };
}

/** Row 2 on one database: the callback samples come from the connects; the baseline is timed here. */
async function callbackRow(
  target: Target,
  connected: readonly Connected[],
  cold: readonly number[],
  oauthSellerId: number,
): Promise<Row> {
  log(`row 2 (${target.database}): callback baseline (code exchange + shop, sequential)`);
  const callbackSamples = connected.map((entry) => entry.callbackMs).filter((value) => Number.isFinite(value));
  const agent = keepAliveAgent(2);
  const upstream: number[] = [];
  try {
    for (let i = 0; i < 2; i++) await timedTokenAndShop(agent, oauthSellerId);
    for (let i = 0; i < Math.max(20, callbackSamples.length); i++) {
      upstream.push(await timedTokenAndShop(agent, oauthSellerId));
    }
  } finally {
    agent.destroy();
  }
  const app = summarize(callbackSamples);
  const base = summarize(upstream);
  const medianRatio = ratio(app.median, base.median);
  const measure = "callback vs token → shop";
  return twin(
    measure,
    target.database,
    {
      id: "2",
      what: on(measure, target.database),
      ...fmt(app),
      baseline: fmtBaseline(base),
      ratio: times(medianRatio),
      budget: "≤ 1.3×",
      holds: app.n > 0 && medianRatio <= 1.3,
      detail: `n=${app.n} connects, one after another (request sent → 303), p95 ratio ${times(ratio(app.p95, base.p95))}; the first ${cold.length} after start (cold, not in the row): median ${ms(summarize(cold.filter(Number.isFinite)).median)}`,
    },
    app,
  );
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

function stormRow(what: string, storm: StormResult, expected: number): Row {
  const summary = summarize(storm.loads.samples);
  // Every load that did not end in a good dashboard: bad status or body, connection error, timeout.
  const failures = BENCH.stormLoads - storm.loads.samples.length;
  return {
    id: "3",
    what,
    ...fmt(summary),
    baseline: "",
    ratio: "",
    budget: `${expected} refreshes, 0 errors`,
    holds: storm.refreshes === expected && failures === 0,
    detail: `refresh calls seen by the stub: ${storm.refreshes}, failed loads: ${failures}${storm.loads.badExample ? ` (${storm.loads.badExample})` : ""}, n=${summary.n}`,
  };
}

/** Row 3 on one database: the refresh storm on its first server, then split over both (sharing the database). */
async function stormRows(target: Target, sellers: readonly Seller[]): Promise<Row[]> {
  const stormSellers = sellers.slice(0, BENCH.stormSellers);
  const rows: Row[] = [];
  const runs: [string, string[]][] = [
    ["refresh storm, 1 server", [target.directUrl]],
    ["refresh storm, 2 servers", [target.directUrl, target.secondDirectUrl]],
  ];
  for (const [measure, baseUrls] of runs) {
    log(
      `row 3 (${target.database}): ${measure}, ${BENCH.stormLoads} loads over ${stormSellers.length} expired sellers`,
    );
    const storm = await refreshStorm(stormSellers, baseUrls);
    const row = stormRow(on(measure, target.database), storm, stormSellers.length);
    rows.push(twin(measure, target.database, row, summarize(storm.loads.samples)));
  }
  return rows;
}

/** A row of rows 7-11: one figure against its budget (no percentiles), registered for the side-by-side table. */
function goalRow(target: Target, id: string, measure: string, cells: Omit<Row, "id" | "what" | "p95" | "p99">): Row {
  return twin(measure, target.database, { id, what: on(measure, target.database), p95: "", p99: "", ...cells });
}

const NEXT_BIN = "node_modules/next/dist/bin/next";

/**
 * Rows 7-11 on one database (issue 16's goals), after its row 1 and storm rows. Rows 9-11 start servers of their own
 * on the second server's port (stopped first): the session cookies and the database are shared, so the sellers
 * connected on the first server work there too.
 */
async function goalRows(
  target: Target,
  env: Record<string, string>,
  sellers: readonly Seller[],
  runs: WarmRuns,
): Promise<Row[]> {
  const rows: Row[] = [];
  const cookies = sellers.map((seller) => seller.cookie);
  const port = Number(new URL(target.secondDirectUrl).port);
  const name = target.database.toLowerCase();

  // Row 7: Depop calls per dashboard view, over row 1's runs.
  const warm = [...runs.values()];
  const calls = warm.flatMap((run) => run.measured.calls);
  const views = warm.reduce((sum, run) => sum + run.measured.result.sent, 0);
  const perView = ratio(calls.length, views);
  rows.push(
    goalRow(target, "7", "Depop calls per dashboard view", {
      median: Number.isFinite(perView) ? perView.toFixed(2) : "—",
      baseline: "",
      ratio: "",
      budget: `≤ ${BUDGETS.callsPerView}`,
      holds: views > 0 && perView <= BUDGETS.callsPerView,
      detail: `${calls.length} calls (${byEndpoint(calls)}) seen by the stub for ${views} dashboards requested in row 1's runs (c=${[...runs.keys()].join(", c=")})`,
    }),
  );

  // Row 8: app CPU per dashboard on one worker (as issue 16 measured it: per-request cost without two workers and
  // the load generator sharing two cores), with the framework floor (GET /, no cookie) beside it; as a browser asks.
  log(
    `row 8 (${target.database}): app CPU per response on a one-worker npm start, warmed ${BENCH.cpuWarmupSeconds} s, /dashboard and / at c=10 (${BENCH.runSeconds} s each)`,
  );
  const gzip = "gzip, deflate, br";
  const one = startApp(port, { ...env, WEB_CONCURRENCY: "1" }, `cpu-${name}`);
  let dashboard: Measured;
  let identity: Measured;
  let floor: Measured;
  try {
    await waitForHttp(`${target.secondDirectUrl}/api/health`, one, 120_000);
    const base = { baseUrl: target.secondDirectUrl, path: "/dashboard", cookies, connections: 10 };
    await loadTest({ ...base, duration: BENCH.cpuWarmupSeconds, acceptEncoding: gzip });
    dashboard = await measuredLoad(one, target.secondDirectUrl, "/dashboard", cookies, 10, BENCH.runSeconds, gzip);
    identity = await measuredLoad(one, target.secondDirectUrl, "/dashboard", cookies, 10, BENCH.runSeconds);
    floor = await measuredLoad(one, target.secondDirectUrl, "/", [], 10, BENCH.runSeconds, gzip);
  } finally {
    await stop(one);
  }
  const twoWorkers = runs.get(10)?.measured;
  rows.push(
    goalRow(target, "8", "app CPU per dashboard, one worker, c=10", {
      median: ms(dashboard.cpuMs),
      baseline: `${ms(floor.cpuMs)} for GET / (framework floor)`,
      ratio: times(ratio(dashboard.cpuMs, floor.cpuMs)),
      budget: `≤ ${BUDGETS.cpuMsPerDashboard} ms`,
      holds: dashboard.result.bad + dashboard.result.errors === 0 && dashboard.cpuMs <= BUDGETS.cpuMsPerDashboard,
      detail: `CPU time of the server's processes (/proc, launcher + 1 worker) ÷ responses, accept-encoding "${gzip}", compression ${process.env.HTTP_COMPRESSION ?? "default (on)"}: ${dashboard.rate.toFixed(0)} dashboards/s, ${floor.rate.toFixed(0)} GET / per s; without accept-encoding ${ms(identity.cpuMs)}${twoWorkers ? `; on the ${WORKERS}-worker server of row 1 (c=10, no accept-encoding) ${ms(twoWorkers.cpuMs)}` : ""}${dashboard.result.bad + dashboard.result.errors > 0 ? `, ${loadDetail(dashboard.result, summarize(dashboard.result.samples))}` : ""}`,
    }),
  );

  // Row 9: the first requests of a server that has served nothing yet, against row 1's c=10 products baseline.
  const baseline = runs.get(BENCH.coldConcurrency)?.baseline;
  if (baseline) {
    log(
      `row 9 (${target.database}): a fresh server's first ${BENCH.coldRequests} dashboards at c=${BENCH.coldConcurrency}`,
    );
    const spawned = performance.now();
    const cold = startApp(port, env, `cold-${name}`, true);
    let result: LoadResult;
    let readyMs: number;
    try {
      await waitForLog(cold, /Ready in/, WORKERS, 120_000);
      readyMs = performance.now() - spawned;
      result = await loadTest({
        baseUrl: target.secondDirectUrl,
        path: "/dashboard",
        cookies,
        connections: BENCH.coldConcurrency,
        amount: BENCH.coldRequests,
        timeoutSeconds: 60,
      });
    } finally {
      await stop(cold);
    }
    const measure = `cold /dashboard vs products, first ${BENCH.coldRequests}, c=${BENCH.coldConcurrency}`;
    const row = latencyRow(
      "9",
      on(measure, target.database),
      result,
      baseline,
      BUDGETS.coldRatio,
      `from the moment all ${WORKERS} workers of a fresh npm start logged "Ready" (${ms(readyMs)} after the spawn, their warm-up included); baseline: row 1's c=${BENCH.coldConcurrency} products run`,
    );
    rows.push(twin(measure, target.database, row, summarize(result.samples)));
  }

  // Row 10: process start → first dashboard with its products, `next start` alone (one worker).
  log(`row 10 (${target.database}): cold start, next start → first dashboard`);
  const cookie = cookies[0] ?? "";
  const spawned = performance.now();
  const single = start(
    `next start :${port}`,
    process.execPath,
    [NEXT_BIN, "start", "--port", String(port), "--hostname", BENCH.host],
    { ...env, PORT: String(port), WEB_CONCURRENCY: "1" },
    `${BENCH.workDir}/cold-start-${name}.log`,
  );
  let startMs = Number.NaN;
  let polls = 0;
  try {
    while (!Number.isFinite(startMs) && performance.now() - spawned < 60_000 && !single.hasExited()) {
      polls++;
      const page = await http(`${target.secondDirectUrl}/dashboard`, { headers: { cookie }, timeoutMs: 30_000 }).catch(
        () => null,
      );
      if (page && describeBad(page.status, page.body) === null && PRODUCT_LINK.test(page.body)) {
        startMs = performance.now() - spawned;
      } else {
        await sleep(20);
      }
    }
  } finally {
    await stop(single);
  }
  rows.push(
    goalRow(target, "10", "cold start: next start → first dashboard", {
      median: ms(startMs),
      baseline: "",
      ratio: "",
      budget: `≤ ${BUDGETS.coldStartMs / 1000} s`,
      holds: startMs <= BUDGETS.coldStartMs,
      detail: `spawn of \`next start\` (WEB_CONCURRENCY=1) until GET /dashboard answered 200 with product cards, polled every 20 ms (${polls} tries)`,
    }),
  );

  // Row 11: a burst of dashboards at a server with a known Depop budget; the busiest second the stub saw.
  const budget = BENCH.burstMaxRps * BENCH.burstWorkers;
  log(
    `row 11 (${target.database}): ${BENCH.burstLoads} dashboards at c=${BENCH.burstConnections}, DEPOP_MAX_RPS=${BENCH.burstMaxRps} × ${BENCH.burstWorkers} workers`,
  );
  const paced = startApp(
    port,
    { ...env, DEPOP_MAX_RPS: String(BENCH.burstMaxRps), WEB_CONCURRENCY: String(BENCH.burstWorkers) },
    `burst-${name}`,
  );
  let burst: LoadResult;
  let burstCalls: StubRequest[];
  let burstSeconds: number;
  try {
    await waitForLog(paced, /Ready in/, BENCH.burstWorkers, 120_000);
    // Past the first requests' compile and load costs, so the burst is limited by the pacer, not the CPU.
    await loadTest({ baseUrl: target.secondDirectUrl, path: "/dashboard", cookies, connections: 10, amount: 50 });
    const seq = await latestSeq();
    const burstStarted = performance.now();
    burst = await loadTest({
      baseUrl: target.secondDirectUrl,
      path: "/dashboard",
      cookies,
      connections: BENCH.burstConnections,
      amount: BENCH.burstLoads,
      timeoutSeconds: 60,
    });
    burstSeconds = (performance.now() - burstStarted) / 1000;
    await sleep(300);
    burstCalls = depopCalls(await requestsSince(seq));
  } finally {
    await stop(paced);
  }
  const busiest = busiestSecond(burstCalls);
  const limited = burstCalls.filter((call) => call.status === 429).length;
  const failed = burst.bad + burst.errors;
  const latency = summarize(burst.samples);
  rows.push(
    goalRow(target, "11", `Depop burst, ${BENCH.burstLoads} dashboards`, {
      median: `${busiest} calls/s`,
      baseline: `${budget}/s (DEPOP_MAX_RPS ${BENCH.burstMaxRps} × ${BENCH.burstWorkers} workers)`,
      ratio: times(ratio(busiest, budget)),
      budget: `≤ ${budget}/s, no 429`,
      holds: burstCalls.length > 0 && busiest <= budget && limited === 0 && failed === 0,
      detail: `busiest 1 s window of the calls' arrival at the stub; ${burstCalls.length} calls (${byEndpoint(burstCalls)}) in ${burstSeconds.toFixed(1)} s (${(burstCalls.length / burstSeconds).toFixed(0)}/s on average), 429s: ${limited}, failed loads: ${failed}; dashboard latency ${ms(latency.median)} / ${ms(latency.p95)} / ${ms(latency.p99)}, n=${latency.n}`,
    }),
  );
  return rows;
}

/** How much slower (or faster) PostgreSQL is than SQLite, in ms and %: "+3.1 ms (+5 %)". */
function difference(postgres = Number.NaN, sqlite = Number.NaN): string {
  if (!Number.isFinite(postgres) || !Number.isFinite(sqlite) || sqlite <= 0) return "—";
  const delta = postgres - sqlite;
  const sign = delta >= 0 ? "+" : "−";
  const percentage = Math.abs((delta / sqlite) * 100).toFixed(0);
  return `${sign}${ms(Math.abs(delta))} (${sign}${percentage} %)`;
}

function comparisons(): Comparison[] {
  const out: Comparison[] = [];
  for (const [measure, entry] of twins) {
    const sqlite = entry.SQLite;
    const postgres = entry.PostgreSQL;
    if (!sqlite || !postgres) continue;
    out.push({
      what: measure,
      sqlite: sqlite.row,
      postgres: postgres.row,
      medianDifference: difference(postgres.summary?.median, sqlite.summary?.median),
      p95Difference: difference(postgres.summary?.p95, sqlite.summary?.p95),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  log(
    `depop-connect bench: stub latency ${BENCH.latencyMs} ms, ${BENCH.sellers} sellers, soak ${BENCH.soakSeconds} s` +
      (BENCH.postgres ? `, then PostgreSQL (warm-up soak ${BENCH.postgresSoakSeconds} s)` : ", SQLite only"),
  );
  const busyAtStart = await machineBusy(2000);
  if (busyAtStart !== null && busyAtStart > 0.2) {
    log(`warning: the machine is busy (${percent(busyAtStart)} CPU in use before the run): expect noisy numbers`);
  }
  rmSync(BENCH.workDir, { recursive: true, force: true });
  mkdirSync(BENCH.workDir, { recursive: true });
  const appPorts = [BENCH.appPort, BENCH.secondAppPort];
  if (BENCH.postgres) appPorts.push(BENCH.postgresAppPort, BENCH.postgresSecondAppPort);
  for (const port of appPorts) await assertPortFree(BENCH.host, port);
  for (const url of [BENCH.stubWwwUrl, BENCH.stubApiUrl]) await assertPortFree(BENCH.host, Number(new URL(url).port));

  // First, so a machine without PostgreSQL's server fails in seconds rather than after the SQLite rows.
  let postgresEnv: Record<string, string> | undefined;
  let postgresVersion = "";
  if (BENCH.postgres) {
    log(`starting a throwaway PostgreSQL cluster (${BENCH.postgresDirectory}; BENCH_POSTGRES=0 leaves it out)`);
    cluster = await startCluster({ directory: BENCH.postgresDirectory });
    await cluster.createDatabase(BENCH.postgresDatabase);
    postgresEnv = postgresAppEnv(cluster.url(BENCH.postgresDatabase));
    postgresVersion = await serverVersion(cluster.url("postgres"));
    log(`  PostgreSQL ${postgresVersion} on 127.0.0.1:${cluster.port}, database ${BENCH.postgresDatabase}`);
  }

  // The build and the migrations need nothing of each other: they run at once.
  log(
    `building the production app into ${BENCH.distDir} (log: ${BENCH.workDir}/build.log) while the migrations prepare fresh databases (as npm start does: folder, then migrations)${BENCH.postgres ? ", both at once" : ""}`,
  );
  await Promise.all([
    build(),
    migrate(appEnv, `${BENCH.workDir}/migrate.log`),
    ...(postgresEnv ? [migrate(postgresEnv, `${BENCH.workDir}/migrate-postgres.log`)] : []),
  ]);

  log(
    `starting the stub Depop and ${postgresEnv ? "four app servers (two on SQLite, two on PostgreSQL" : "two app servers (npm start"}, one worker per core each)`,
  );
  const stub = start(
    "stub Depop",
    "node_modules/.bin/tsx",
    ["e2e/depop-stub/main.ts"],
    stubEnv,
    `${BENCH.workDir}/stub.log`,
  );
  await waitForHttp(`${BENCH.stubApiUrl}/status`, stub, 60_000);
  const app = startApp(BENCH.appPort, appEnv);
  const secondApp = startApp(BENCH.secondAppPort, appEnv);
  // The PostgreSQL servers start now too (their start-up overlaps the SQLite one's) and stay idle until their rows.
  const postgresApps = postgresEnv
    ? { app: startApp(BENCH.postgresAppPort, postgresEnv), second: startApp(BENCH.postgresSecondAppPort, postgresEnv) }
    : undefined;
  await Promise.all([
    waitForHttp(`${BENCH.appDirectUrl}/`, app, 120_000),
    waitForHttp(`${BENCH.secondAppDirectUrl}/`, secondApp, 120_000),
    ...(postgresApps
      ? [
          waitForHttp(`${POSTGRES.directUrl}/`, postgresApps.app, 120_000),
          waitForHttp(`${POSTGRES.secondDirectUrl}/`, postgresApps.second, 120_000),
        ]
      : []),
  ]);

  // Sellers: one to warm up with, the pool for rows 1-3 and 5, one per shop size, one for the callback baseline;
  // PostgreSQL's servers get a warm-up set and a pool of their own (a seller is connected to one database).
  const pool = sellerSpecs(BENCH.sellers, 880_000_001, "bench_", 3);
  const sized = BENCH.shopSizes.map((size, i) => ({
    id: 880_100_001 + i,
    username: `bench_shop_${size}`,
    products: size,
  }));
  const warmupSellers = sellerSpecs(BENCH.warmupConnects, 880_300_001, "bench_warmup_", 2);
  const oauthSeller = { id: 880_200_002, username: "bench_oauth", products: BENCH.productsPerSeller };
  const postgresPool = postgresApps ? sellerSpecs(BENCH.sellers, 881_000_001, "bench_pg_", 3) : [];
  const postgresWarmup = postgresApps ? sellerSpecs(BENCH.warmupConnects, 881_300_001, "bench_pg_warmup_", 2) : [];
  for (const seller of [...warmupSellers, ...pool, ...sized, oauthSeller, ...postgresWarmup, ...postgresPool]) {
    await addSeller(seller.id, seller.username, seller.products);
  }

  log(`connecting ${warmupSellers.length} + ${pool.length + sized.length} sellers through the real flow (SQLite)`);
  const { cold: coldCallbacks, connected } = await connectAll(SQLITE, warmupSellers, [...pool, ...sized]);
  const sellers = await withKeys(pool, connected);
  const shops = await withKeys(sized, connected);

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
  let soaked: { result: LoadResult; rates: number[] };
  try {
    soaked = await soak(BENCH.appDirectUrl, sellers, BENCH.soakSeconds);
  } finally {
    clearInterval(sampler);
  }
  const rssAfterSoak = treeRssKb(app.pid);
  {
    const soakSummary = summarize(soaked.result.samples);
    rows.push({
      id: "5",
      what: on(`RSS after ${BENCH.soakSeconds} s soak, c=10`, "SQLite"),
      median: mib(rssAfterSoak),
      p95: "",
      p99: "",
      baseline: `${mib(rssAfterWarmup)} after warm-up`,
      ratio: rssAfterSoak !== null && rssAfterWarmup !== null ? times(rssAfterSoak / rssAfterWarmup) : "—",
      budget: "",
      holds: null,
      detail: `peak ${mib(rssPeak)}; soak latency ${ms(soakSummary.median)} / ${ms(soakSummary.p95)} / ${ms(soakSummary.p99)}, ${loadDetail(soaked.result, soakSummary)}; dashboards/s per ${SOAK_SEGMENT_SECONDS} s: ${soaked.rates.map((rate) => rate.toFixed(0)).join(", ")}`,
    });
  }

  // Row 1
  const row1 = await dashboardRows(SQLITE, app, sellers, productsQuery);
  rows.push(...row1.rows);

  // Row 2: the callback samples come from the connects above; the baseline is timed here.
  rows.push(await callbackRow(SQLITE, connected, coldCallbacks, oauthSeller.id));

  // Row 4 (before the storm, which expires tokens)
  const smallest = shops[0];
  let smallestMedian = Number.NaN;
  for (const shop of shops) {
    const size = sized.find((entry) => entry.username === shop.username)?.products ?? 0;
    log(`row 4: /dashboard of a ${size}-product shop, c=1`);
    const { result, cpu } = await measuredLoad(
      app,
      BENCH.appDirectUrl,
      "/dashboard",
      [shop.cookie],
      1,
      BENCH.shopSizeSeconds,
    );
    const baseline = await upstreamBaseline([shop], 1, BENCH.shopSizeSeconds, productsQuery);
    const median = summarize(result.samples).median;
    if (shop === smallest) smallestMedian = median;
    rows.push(
      latencyRow(
        "4",
        on(`/dashboard, ${size.toLocaleString("en-GB")} products`, "SQLite"),
        result,
        baseline,
        null,
        `${times(ratio(median, smallestMedian))} the 10-product shop, ${cpu}`,
      ),
    );
  }

  // Row 3
  rows.push(...(await stormRows(SQLITE, sellers)));

  // Row 6
  log("row 6: client JavaScript per route");
  const first = sellers[0];
  if (!first) throw new Error("no connected seller");
  const dashboardHtml = await fetch(`${BENCH.appDirectUrl}/dashboard`, { headers: { cookie: first.cookie } });
  const productId = PRODUCT_LINK.exec(await dashboardHtml.text())?.[1];
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

  // Row 12 (SQLite): a burst of signed webhook deliveries, a tenth of them repeats: every event stored once.
  log("row 12: 1,000 webhook deliveries in a burst (10% repeats), 50 at a time");
  const burst = await webhookBurst({
    appUrl: BENCH.appDirectUrl,
    secret: appEnv.DEPOP_WEBHOOK_SECRET,
    shopId: first.id,
  });
  rows.push({
    id: "12",
    what: "webhook burst, 1,000 deliveries (10% repeats), c=50",
    median: ms(burst.latency.median),
    p95: ms(burst.latency.p95),
    p99: ms(burst.latency.p99),
    baseline: "",
    ratio: "",
    budget: "each event stored once",
    holds: burst.answered === burst.total && burst.stored === burst.unique,
    detail: describeBurst(burst),
  });

  // Rows 7-11 (SQLite): the second server makes way for the servers rows 9-11 start.
  await stop(secondApp);
  rows.push(...(await goalRows(SQLITE, appEnv, sellers, row1.runs)));

  // PostgreSQL: the rows the database is on the path of (dashboard, callback, storm), on two servers of their own,
  // after the SQLite servers are stopped (so neither set competes with the other for the CPU).
  const postgresRows: Row[] = [];
  if (postgresApps) {
    log("stopping the SQLite servers; the PostgreSQL rows follow");
    await Promise.all([stop(app), stop(secondApp)]);
    log(`connecting ${postgresWarmup.length} + ${postgresPool.length} sellers through the real flow (PostgreSQL)`);
    const pgConnects = await connectAll(POSTGRES, postgresWarmup, postgresPool);
    const pgSellers = await withKeys(postgresPool, pgConnects.connected);
    log(
      `warming up the PostgreSQL servers (${BENCH.postgresSoakSeconds} s + ${Math.ceil(BENCH.warmupSeconds / 3)} s of dashboards at concurrency 10)`,
    );
    const warm = await soak(POSTGRES.directUrl, pgSellers, BENCH.postgresSoakSeconds);
    await loadTest({
      baseUrl: POSTGRES.secondDirectUrl,
      path: "/dashboard",
      cookies: pgSellers.map((s) => s.cookie),
      connections: 10,
      duration: Math.ceil(BENCH.warmupSeconds / 3),
    });
    const warmRates = warm.rates.map((rate) => rate.toFixed(0)).join(", ");
    const warmProblems = warm.result.bad + warm.result.errors;
    log(
      `  dashboards/s per ${SOAK_SEGMENT_SECONDS} s: ${warmRates}${warmProblems ? `; ${warmProblems} PROBLEMS` : ""}`,
    );
    const pgRow1 = await dashboardRows(POSTGRES, postgresApps.app, pgSellers, productsQuery, (c) =>
      c === 10
        ? `after a ${BENCH.postgresSoakSeconds} s c=10 warm-up (dashboards/s per ${SOAK_SEGMENT_SECONDS} s: ${warmRates}${warmProblems ? `, ${warmProblems} PROBLEMS` : ""})`
        : "",
    );
    postgresRows.push(...pgRow1.rows);
    postgresRows.push(await callbackRow(POSTGRES, pgConnects.connected, pgConnects.cold, oauthSeller.id));
    postgresRows.push(...(await stormRows(POSTGRES, pgSellers)));
    await stop(postgresApps.second);
    postgresRows.push(...(await goalRows(POSTGRES, postgresEnv ?? {}, pgSellers, pgRow1.runs)));
  }

  // Report: by row number, each PostgreSQL row right after its SQLite twin.
  const order = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];
  rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const twinOf = new Map<Row, Row>();
  for (const entry of twins.values()) {
    if (entry.SQLite && entry.PostgreSQL) twinOf.set(entry.SQLite.row, entry.PostgreSQL.row);
  }
  const placed = new Set(twinOf.values());
  const ordered = rows.flatMap((row) => {
    const pair = twinOf.get(row);
    return pair ? [row, pair] : [row];
  });
  ordered.push(...postgresRows.filter((row) => !placed.has(row)));

  const withBudget = ordered.filter((row) => row.holds !== null);
  const held = withBudget.filter((row) => row.holds).length;
  const budgets = `${held} of ${withBudget.length} hold${withBudget
    .filter((row) => !row.holds)
    .map((row) => `; ✗ ${row.what}`)
    .join("")}`;
  const durationSeconds = (performance.now() - started) / 1000;
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const poolMax = process.env.DATABASE_POOL_MAX?.trim() || "5 (the app's default)";
  const info = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: `nproc ${availableParallelism()} (${cpu})`,
    node: process.version,
    latencyMs: BENCH.latencyMs,
    settings: `runs ${BENCH.runSeconds} s (row 1) / ${BENCH.shopSizeSeconds} s (row 4), soak ${BENCH.soakSeconds} s, ${BENCH.sellers} sellers × ${BENCH.productsPerSeller} products`,
    database: postgresApps
      ? `SQLite file and PostgreSQL ${postgresVersion} (throwaway cluster on this machine over 127.0.0.1, fsync off), DATABASE_POOL_MAX ${poolMax} per worker × ${WORKERS} workers per server, PostgreSQL warm-up soak ${BENCH.postgresSoakSeconds} s`
      : "SQLite file only (BENCH_POSTGRES=0)",
    revision: revision(),
    load: `CPU ${busyAtStart === null ? "—" : percent(busyAtStart)} busy just before the run`,
    durationSeconds,
    budgets,
  };
  const sideBySide = comparisons();
  console.log(`\n${textTable(ordered)}\n\nBudgets: ${budgets}\n`);
  if (sideBySide.length > 0) console.log(`${textTable(sideBySide)}\n`);
  writeMarkdown("docs/benchmarks.md", info, ordered, sideBySide);
  mkdirSync(BENCH.resultsDir, { recursive: true });
  writeFileSync(
    `${BENCH.resultsDir}/results.json`,
    `${JSON.stringify({ info, rows: ordered, comparisons: sideBySide, markdown: markdownTable(ordered) }, null, 2)}\n`,
  );
  log(`wrote docs/benchmarks.md, ${BENCH.resultsDir}/results.json and ${BENCH.resultsDir}/latest-run.txt; stopping`);
  // The whole console output of this run, so every figure in docs/benchmarks.md can be traced to it.
  const settings = Object.entries(process.env)
    .filter(([key]) => /^(BENCH_|WEB_CONCURRENCY$|DATABASE_POOL_MAX$|HTTP_COMPRESSION$|DEPOP_MAX_RPS$)/.test(key))
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
  writeFileSync(
    `${BENCH.resultsDir}/latest-run.txt`,
    `npm run bench · ${info.date} · ${info.machine} · Node ${info.node} · revision ${info.revision} · ${settings || "default settings"}\n\n${transcript.join("")}`,
  );
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
  await stopAll();
  restoreRewrittenFiles?.();
  // After the app servers, so none of them is left retrying a database that went away.
  try {
    destroyCluster();
  } catch (error) {
    console.error(`bench: could not remove the PostgreSQL cluster in ${BENCH.postgresDirectory}: ${String(error)}`);
  }
}

// Last resort (a crash, process.exit before cleanup ran): the cluster is not a child of this process, so the
// process group kill in processes.ts does not reach it. destroy() is synchronous, as an exit handler must be.
process.on("exit", () => {
  try {
    destroyCluster();
  } catch {
    // Nothing more can be done here; the next run replaces a cluster left in BENCH.postgresDirectory.
  }
});

let stopping = false;
function interrupted(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping the app, the stub and the PostgreSQL cluster`);
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
