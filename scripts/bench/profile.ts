import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { appEnv, BENCH, stubEnv } from "./config";
import { connectSellerOverHttp } from "./connect-http";
import { type LoadOptions, loadTest } from "./load";
import { run, start, stop, stopAll, threadCpuMs, throwawayPostgres, treeCpuMs, waitForHttp } from "./processes";
import { summarize } from "./stats";

/**
 * `npm run bench:profile [path]`: one `next start` worker (the bench's build in .next-bench, built when missing or
 * with PROFILE_BUILD=1) under V8's CPU profiler, a seller connected through the real flow, 20 s of c=10 dashboards
 * to warm it, then 10 s measured (CPU per response from /proc, as row 8 does). Prints where the worker's time went,
 * by package and by function, and leaves the .cpuprofile in .e2e/profile (open it in Chrome's DevTools).
 * PROFILE_DATABASE=postgresql: the same on a throwaway PostgreSQL cluster instead of the SQLite file.
 * PROFILE_SERVER=npm-start: scripts/start.mjs with one worker and no warm-up, as row 8 runs it (with the profiler on,
 * the launcher and the worker each write a profile; the summary is of the worker's).
 * PROFILE_SELLERS=vintage_vault,retro_rags (the default; 24 and 9 cards on their first page): the demo sellers whose
 * cookies the load uses.
 * PROFILE_CONNECTIONS=1 (default 10): how many requests the load keeps in flight; each line also gives the median
 * latency, so a c=1 run shows what a view waits for as well as what it costs.
 * PROFILE_THREADS=1: each measurement also splits the CPU time by thread (the main thread; V8's platform threads
 * and libuv's pool, which Node 20 all names "node"), so work off the main thread, which no JS profile shows, is seen.
 * PROFILE_MAX_RPS (default: the app's, 100): the worker's DEPOP_MAX_RPS; at c=10 the default budget, not the stub's
 * latency, sets the rate of dashboards, so a higher one shows what a view costs when the worker is busier.
 */

const DIR = ".e2e/profile";
// Several paths, comma-separated, are measured in turn on the same worker, PROFILE_ROUNDS times (default 1): their
// difference is then not the difference between two processes or two moments of a drifting machine.
const PATHS = (process.argv[2] ?? "/dashboard").split(",").filter(Boolean);
const PATH = PATHS[0] ?? "/dashboard";
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 1);
const POSTGRES = process.env.PROFILE_DATABASE === "postgresql";
const LAUNCHER = process.env.PROFILE_SERVER === "npm-start";
const SELLERS = (process.env.PROFILE_SELLERS ?? "vintage_vault,retro_rags").split(",").filter(Boolean);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 10);
const RATE = process.env.PROFILE_RATE ? Number(process.env.PROFILE_RATE) : undefined;
const THREADS = process.env.PROFILE_THREADS === "1";
let env: Record<string, string> = {
  ...appEnv,
  DATABASE_URL: `file:./${DIR}/app.db`,
  ...(process.env.PROFILE_MAX_RPS ? { DEPOP_MAX_RPS: process.env.PROFILE_MAX_RPS } : {}),
};

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function where(url: string): string {
  if (!url) return "(native / V8)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? "");
    if (name === "next") {
      const compiled = rest.indexOf("compiled");
      return compiled >= 0 ? `next/compiled/${rest[compiled + 1]}` : `next/${rest.slice(1, 3).join("/")}`;
    }
    return name;
  }
  if (url.includes(".next-bench/server/chunks")) return "app chunks (.next-bench/server/chunks)";
  if (url.startsWith("node:")) return url;
  return url.replace(process.cwd(), ".");
}

function summarise(file: string): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let idle = 0;
  for (const [id, time] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === "(idle)" || name === "(program)") {
      if (name === "(idle)") idle += time;
    }
    const key = name.startsWith("(") ? name : where(node.callFrame.url);
    packages.set(key, (packages.get(key) ?? 0) + time);
    const fn = `${name || "(anonymous)"} ${where(node.callFrame.url)}:${node.callFrame.lineNumber}`;
    functions.set(fn, (functions.get(fn) ?? 0) + time);
  }
  const busy = total - idle;
  const print = (title: string, map: Map<string, number>, count: number) => {
    console.log(`\n${title} (share of busy time, ${(busy / 1000).toFixed(0)} ms busy of ${(total / 1000).toFixed(0)})`);
    for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      if (key === "(idle)") continue;
      console.log(`${((100 * time) / busy).toFixed(1).padStart(5)} %  ${key}`);
    }
  };
  print("by package", packages, 25);
  print("by function", functions, 40);
}

async function main(): Promise<void> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  mkdirSync(BENCH.workDir, { recursive: true });
  if (process.env.PROFILE_BUILD === "1" || !existsSync(join(BENCH.distDir, "BUILD_ID"))) {
    console.log("building into .next-bench");
    // `next build` rewrites these for its dist dir; put them back as they were.
    const saved = ["tsconfig.json", "next-env.d.ts"].map(
      (file) => [file, existsSync(file) ? readFileSync(file) : null] as const,
    );
    try {
      await run("next build", "node_modules/.bin/next", ["build"], appEnv, `${DIR}/build.log`, 300_000);
    } finally {
      for (const [file, content] of saved) if (content) writeFileSync(file, content);
    }
  }
  if (POSTGRES) {
    env = { ...env, DATABASE_URL: await throwawayPostgres("profile-postgres") };
    console.log("on PostgreSQL (a throwaway cluster)");
  }
  await run("prepare-db", process.execPath, ["scripts/prepare-db.mjs"], env, `${DIR}/migrate.log`, 60_000);
  await run("migrate", "node_modules/.bin/prisma", ["migrate", "deploy"], env, `${DIR}/migrate.log`, 120_000);
  const stub = start("stub", "node_modules/.bin/tsx", ["e2e/depop-stub/main.ts"], stubEnv, `${DIR}/stub.log`);
  await waitForHttp(`${BENCH.stubApiUrl}/`, stub, 30_000);
  const app = start(
    LAUNCHER ? "npm start" : "next start",
    process.execPath,
    [
      ...(process.env.PROFILE === "0" ? [] : ["--cpu-prof", `--cpu-prof-dir=${DIR}`]),
      ...(process.env.PROFILE_NODE_ARGS ?? "").split(" ").filter(Boolean),
      ...(LAUNCHER ? ["scripts/start.mjs"] : ["node_modules/next/dist/bin/next", "start"]),
      "--port",
      String(BENCH.appPort),
      "--hostname",
      BENCH.host,
    ],
    { ...env, PORT: String(BENCH.appPort), ...(LAUNCHER ? { WEB_CONCURRENCY: "1", WARM_UP_REQUESTS: "0" } : {}) },
    `${DIR}/app.log`,
  );
  await waitForHttp(`${BENCH.appDirectUrl}/api/health`, app, 60_000);
  const cookies: string[] = [];
  for (const name of SELLERS) {
    try {
      cookies.push((await connectSellerOverHttp(name)).cookie);
    } catch (error) {
      console.log(`could not connect ${name}: ${String(error)}`);
    }
  }
  const page = await fetch(`${BENCH.appDirectUrl}${PATH}`, { headers: { cookie: cookies[0] ?? "" } });
  const html = await page.text();
  writeFileSync(`${DIR}/page.html`, html);
  console.log(`${PATH}: HTTP ${page.status}, ${html.length} characters of HTML (kept in ${DIR}/page.html)`);
  const options = {
    baseUrl: BENCH.appDirectUrl,
    path: PATH,
    cookies,
    connections: CONNECTIONS,
    ...(RATE !== undefined ? { rate: RATE } : {}),
  };
  for (const path of PATHS) {
    await loadTest({ ...options, path, duration: Number(process.env.PROFILE_WARMUP_SECONDS ?? 20) / PATHS.length });
  }
  const measure = async (path: string, label: string, extra: Partial<LoadOptions>) => {
    const threadsBefore = THREADS ? threadCpuMs(app.pid) : new Map<string, number>();
    const before = treeCpuMs(app.pid) ?? 0;
    const result = await loadTest({ ...options, path, duration: 10, ...extra });
    const after = treeCpuMs(app.pid) ?? 0;
    const threadsAfter = THREADS ? threadCpuMs(app.pid) : new Map<string, number>();
    const n = result.samples.length + result.bad;
    console.log(
      `${label}: ${n} responses (${result.bad} bad), app CPU ${((after - before) / n).toFixed(2)} ms/response, median ${summarize(result.samples).median.toFixed(2)} ms`,
    );
    const threads = [...threadsAfter]
      .map(([thread, ms]) => [thread, (ms - (threadsBefore.get(thread) ?? 0)) / n] as const)
      .filter(([, perResponse]) => perResponse > 0)
      .sort((a, b) => b[1] - a[1]);
    for (const [thread, perResponse] of threads) console.log(`    ${perResponse.toFixed(3)} ms/response  ${thread}`);
  };
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(`round ${round} of ${ROUNDS}`);
    for (const path of PATHS) {
      await measure(path, `${path} c=${CONNECTIONS} identity`, {});
      if (process.env.PROFILE_GZIP !== "0")
        await measure(path, `${path} c=${CONNECTIONS} gzip`, { acceptEncoding: "gzip, deflate, br" });
    }
    if (!PATHS.includes("/")) await measure("/", `/ c=${CONNECTIONS} identity (floor)`, { cookies: [] });
  }
  app.process.kill("SIGINT");
  await app.exited;
  await sleep(200);
  await stop(stub);
  // With the launcher there are two profiles, its own and its worker's: the worker's is the larger.
  const file = readdirSync(DIR)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => join(DIR, name))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (file) summarise(file);
  else console.log("no profile written");
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
