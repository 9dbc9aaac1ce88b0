// `npm start`: the production server, one `next start` worker per CPU core behind one port.
//
// Node runs JavaScript on one thread, so a single `next start` uses one core however many the machine has. This
// launcher forks WEB_CONCURRENCY workers (default: the cores available, at most 8) with node:cluster; they share the
// listening socket and the SQLite database. Everything the app keeps in memory is either a cache or backed by the
// database (the refresh lease makes token renewal single-flight across processes), so workers need no coordination.
// Arguments are passed to `next start` (e.g. --port).
//
// Workers run with V8 flags for a server that has one core per worker (V8_FLAGS): a larger young generation (a server
// render allocates many short-lived objects, and with the default 16 MiB semi-space the scavenger runs every few
// requests), and the garbage collector on the worker's own thread (its parallel helper threads would compete with
// the other workers for the same cores, and cost more CPU in all than they save in pauses). WEB_CONCURRENCY=1 runs
// `next start` in this very process when the flags are already set (NODE_OPTIONS or the command line), else in one
// worker.
import cluster from "node:cluster";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";

const MAX_DEFAULT_WORKERS = 8;
const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS_PER_WINDOW = 5;

function workerCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim();
  if (!raw) return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_WORKERS));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    console.error("WEB_CONCURRENCY must be a whole number from 1 to 64.");
    process.exit(1);
  }
  return value;
}

function runNextStart() {
  const require = createRequire(import.meta.url);
  const bin = require.resolve("next/dist/bin/next");
  process.argv = [process.argv[0], bin, "start", ...process.argv.slice(2)];
  require(bin);
}

const workers = workerCount();

// Measured with `npm run bench:profile` (docs/benchmarks.md, "After (5)"). A flag set in NODE_OPTIONS or on the
// command line wins.
const V8_FLAGS = ["--max-semi-space-size=64", "--single-threaded-gc"];
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
const missingFlags = V8_FLAGS.filter((flag) => !given.some((arg) => arg.startsWith(flag.split("=")[0])));

if (!cluster.isPrimary || (workers === 1 && missingFlags.length === 0)) {
  runNextStart();
} else {
  console.log(`depop-connect: starting ${workers} worker${workers === 1 ? "" : "s"} (WEB_CONCURRENCY)`);
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...missingFlags] });
  let stopping = false;
  const restarts = [];

  const listening = new Set();
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("listening", (worker) => listening.add(worker.id));

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    // A worker that never started listening failed at startup (e.g. bad configuration): another would too.
    if (!listening.has(worker.id)) {
      stop("SIGTERM", typeof code === "number" && code !== 0 ? code : 1);
      return;
    }
    // A worker that dies is replaced, unless workers keep dying: then the whole server stops, loudly.
    const now = Date.now();
    while (restarts.length > 0 && restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= MAX_RESTARTS_PER_WINDOW) {
      console.error(`depop-connect: workers keep exiting (last: ${signal ?? `code ${code}`}); stopping`);
      stop("SIGTERM", 1);
      return;
    }
    restarts.push(now);
    console.error(`depop-connect: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); replacing it`);
    cluster.fork();
  });

  const stop = (signal, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    // Workers finish their requests; whatever is still running after 10 s is stopped outright.
    setTimeout(() => process.exit(exitCode), 10_000).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
