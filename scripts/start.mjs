// `npm start`: the production server, one Next.js worker per CPU core behind one port, each warmed before it serves.
//
// Node runs JavaScript on one thread, so a single server uses one core however many the machine has. This launcher
// forks WEB_CONCURRENCY workers (default: the cores available, at most 8) with node:cluster; they share the
// listening socket and the SQLite database. Everything the app keeps in memory is either a cache or backed by the
// database (the refresh lease makes token renewal single-flight across processes), so workers need no coordination.
//
// Each worker runs the same request handler as `next start` (Next's programmatic server), but opens the shared port
// only when it is ready to serve fast: `next start` opens it first and then loads its configuration, the
// instrumentation hook and the routes, so its first requests wait for all that and then run on code V8 has not
// optimised yet. Here the worker prepares Next, then serves WARM_UP_REQUESTS requests to itself on a private loopback
// port, the home page and the dashboard in turn (the render pipeline every page takes: proxy, React's server and HTML
// renderers; and the dashboard's own code, on a made-up shop: scripts/warm-up.mjs), and only then listens and prints
// "Ready". WARM_UP_REQUESTS=0 skips the warm-up.
//
// Responses are gzipped here (scripts/gzip.mjs: a response's writes in one event-loop turn compressed together) in
// place of Next's compression middleware, which costs more CPU per streamed page (docs/benchmarks.md, "After (7)");
// HTTP_COMPRESSION=off turns compression off altogether (a proxy in front compresses).
//
// Arguments are `next start`'s: -p/--port (else PORT, else 3000), -H/--hostname, --keepAliveTimeout.
//
// Workers run with V8 flags for a server that has one core per worker (V8_FLAGS): a larger young generation (a server
// render allocates many short-lived objects, and with the default 16 MiB semi-space the scavenger runs every few
// requests), and the garbage collector on the worker's own thread (its parallel helper threads compete with the other
// workers for the same cores and cost more CPU in all). WEB_CONCURRENCY=1 serves from this very process when the
// flags are already on the command line (`node --max-semi-space-size=64 --single-threaded-gc scripts/start.mjs`),
// else from one worker.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import * as gzip from "./gzip.mjs";
import { warmUp } from "./warm-up.mjs";

const MAX_DEFAULT_WORKERS = 8;
const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS_PER_WINDOW = 5;
const DEFAULT_WARM_UP_REQUESTS = 450;

function fail(message) {
  console.error(`depop-connect: ${message}`);
  process.exit(1);
}

function wholeNumberFromEnv(name, fallback, min, max) {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`${name} must be a whole number from ${min} to ${max}.`);
  return value;
}

function workerCount() {
  return wholeNumberFromEnv(
    "WEB_CONCURRENCY",
    Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_WORKERS)),
    1,
    64,
  );
}

/** `next start`'s listening options, checked as it checks them. */
function listenOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        port: { type: "string", short: "p" },
        hostname: { type: "string", short: "H" },
        keepAliveTimeout: { type: "string" },
      },
    }));
  } catch (error) {
    fail(`${error.message} (npm start takes -p/--port, -H/--hostname and --keepAliveTimeout)`);
  }
  const positive = (name, raw) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65_535)
      fail(`${name} must be a whole number from 0 to 65535.`);
    return value;
  };
  return {
    port: positive("--port", values.port ?? process.env.PORT ?? "3000"),
    hostname: values.hostname,
    keepAliveTimeout:
      values.keepAliveTimeout === undefined ? undefined : positive("--keepAliveTimeout", values.keepAliveTimeout),
  };
}

async function serve({ port, hostname, keepAliveTimeout }, warmUpRequests) {
  const started = Date.now();
  process.env.NODE_ENV ??= "production";
  // This process compresses (scripts/gzip.mjs) instead of Next's middleware; next.config.js reads this to turn it off.
  const compress = process.env.HTTP_COMPRESSION !== "off" && gzip.supported;
  if (compress) process.env.DEPOP_CONNECT_LAUNCHER_GZIP = "1";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const render = (req, res) => {
    handle(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
  const listener = compress ? gzip.withGzip(render) : render;

  if (warmUpRequests > 0) {
    // Exclusive: a cluster worker's own port, not one the primary would share out among the workers.
    const loopback = createServer(listener);
    await new Promise((resolve) => loopback.listen({ port: 0, host: "127.0.0.1", exclusive: true }, resolve));
    await warmUp(loopback.address().port, warmUpRequests);
    loopback.closeAllConnections();
    await new Promise((resolve) => loopback.close(resolve));
  }

  const server = createServer(listener);
  if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout;
  server.on("error", (error) => fail(`cannot listen on ${hostname ?? "every interface"}:${port} (${error.message})`));
  server.listen(port, hostname, () => {
    const warmed = warmUpRequests > 0 ? `, warmed with ${warmUpRequests} requests` : "";
    console.log(
      `✓ Ready in ${Date.now() - started}ms on http://${hostname ?? "localhost"}:${port} (pid ${process.pid}${warmed})`,
    );
  });

  // Requests in flight finish (and work scheduled with after()); whatever still runs after 10 s is stopped outright.
  let closing = false;
  const close = (signal) => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(signal === "SIGINT" ? 130 : 143), 10_000).unref();
    server.close(() => {
      app.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => close("SIGTERM"));
  process.on("SIGINT", () => close("SIGINT"));
}

// Checked in the launcher and in each worker alike: a mistake stops the server once, before any worker starts.
const workers = workerCount();
const listen = listenOptions();
const warmUpRequests = wholeNumberFromEnv("WARM_UP_REQUESTS", DEFAULT_WARM_UP_REQUESTS, 0, 100_000);

// Measured with `npm run bench:profile` (docs/benchmarks.md, "After (4)" and "After (5)"). A flag given on the
// command line wins.
const V8_FLAGS = ["--max-semi-space-size=64", "--single-threaded-gc"];
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
const missingFlags = V8_FLAGS.filter((flag) => !given.some((arg) => arg.startsWith(flag.split("=")[0])));

if (!cluster.isPrimary || (workers === 1 && missingFlags.length === 0)) {
  serve(listen, warmUpRequests).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  console.log(`depop-connect: starting ${workers} worker${workers === 1 ? "" : "s"} (WEB_CONCURRENCY)`);
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...missingFlags] });
  let stopping = false;
  const restarts = [];

  const serving = new Set();
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("listening", (worker) => serving.add(worker.id));

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    // A worker that never started listening failed at startup (e.g. bad configuration): another would too.
    if (!serving.has(worker.id)) {
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
