import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Reads a non-negative integer setting from the environment. */
function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

const host = "127.0.0.1";
// Ports that never clash with `npm run dev` (3000, 4100/4101) or the e2e suite (3100/3101, 4110/4111).
const appPort = 3300;
const secondAppPort = 3301;
/** The same app on PostgreSQL: its own two servers, its own sellers. */
const postgresAppPort = 3310;
const postgresSecondAppPort = 3311;
const stubWwwPort = 4300;
const stubApiPort = 4301;

/** The public URL the browser uses (cookies are host-only on `localhost`, the redirect URI is built from it). */
const appUrl = `http://localhost:${appPort}`;
const postgresAppUrl = `http://localhost:${postgresAppPort}`;
const clientId = "depop-connect-bench";
const clientSecret = `bench-${randomBytes(24).toString("base64url")}`;

export const BENCH = {
  host,
  appPort,
  secondAppPort,
  appUrl,
  /** What the load generator and the HTTP helpers hit: the same server, without name resolution. */
  appDirectUrl: `http://${host}:${appPort}`,
  secondAppDirectUrl: `http://${host}:${secondAppPort}`,
  stubWwwUrl: `http://${host}:${stubWwwPort}`,
  stubApiUrl: `http://${host}:${stubApiPort}`,
  clientId,
  clientSecret,
  redirectUri: `${appUrl}/api/depop/callback`,
  scopes: ["shop_read", "products_read"],
  distDir: ".next-bench",
  workDir: ".e2e/bench",
  databaseFile: ".e2e/bench/app.db",
  /** The committed record of the latest run, beside docs/benchmarks.md: its whole output and its results. */
  resultsDir: "docs/benchmarks",
  /** Measure the PostgreSQL rows too (a throwaway cluster on this machine); BENCH_POSTGRES=0 leaves them out. */
  postgres: intFromEnv("BENCH_POSTGRES", 1, 0, 1) === 1,
  postgresAppPort,
  postgresSecondAppPort,
  postgresAppUrl,
  postgresDirectUrl: `http://${host}:${postgresAppPort}`,
  postgresSecondDirectUrl: `http://${host}:${postgresSecondAppPort}`,
  postgresRedirectUri: `${postgresAppUrl}/api/depop/callback`,
  postgresDatabase: "depop_bench",
  /** Where the cluster lives; a cluster left there by an interrupted run is stopped and replaced. */
  postgresDirectory: join(tmpdir(), "depop-connect-bench-postgres"),
  /**
   * c=10 dashboards on the first PostgreSQL server before its rows are timed (it has no memory row, so this is
   * warm-up only: shorter than the SQLite soak, long enough for V8 to optimise the render path).
   */
  postgresSoakSeconds: intFromEnv("BENCH_POSTGRES_SOAK_SECONDS", 15, 1, 3600),
  /** Delay the stub adds to every API answer, standing in for the network to Depop. */
  latencyMs: intFromEnv("BENCH_LATENCY_MS", 50, 0, 10_000),
  soakSeconds: intFromEnv("BENCH_SOAK_SECONDS", 30, 1, 3600),
  /** Dashboards served before anything is measured, so V8 has optimised the code the rows time. */
  warmupSeconds: intFromEnv("BENCH_WARMUP_SECONDS", 10, 1, 600),
  /** Row 8's one-worker server: c=10 dashboards before its CPU is measured, so V8 has optimised the render path. */
  cpuWarmupSeconds: intFromEnv("BENCH_CPU_WARMUP_SECONDS", 15, 1, 600),
  /** Connects made (timed apart) before the measured ones, so the callback row times a warm server. */
  warmupConnects: intFromEnv("BENCH_WARMUP_CONNECTS", 4, 1, 100),
  /** Length of each latency run (app and baseline alike) in the dashboard rows. */
  runSeconds: intFromEnv("BENCH_RUN_SECONDS", 6, 1, 600),
  /** Length of each run in the shop-size row. */
  shopSizeSeconds: intFromEnv("BENCH_SHOP_SIZE_SECONDS", 4, 1, 600),
  /** Demo sellers connected per database (each is one callback sample); the refresh storm uses 20. */
  sellers: intFromEnv("BENCH_SELLERS", 20, 20, 200),
  productsPerSeller: 47,
  /** Row 1's concurrencies, on both databases (the budgets are at c=1 and c=10). */
  concurrencies: [1, 10] as const,
  shopSizes: [10, 10_000] as const,
  stormLoads: 200,
  stormSellers: 20,
  /** Row 9: the first requests a freshly started server serves, at this concurrency. */
  coldRequests: 200,
  coldConcurrency: 10,
  /** Row 11: dashboard loads fired at once at a server with a known Depop budget (DEPOP_MAX_RPS × workers). */
  burstLoads: 300,
  burstConnections: 100,
  burstMaxRps: 50,
  burstWorkers: 2,
};

/** The goals of issue 16, as the rows report them. */
export const BUDGETS = {
  warmRatio: { 1: 1.15, 10: 1.35 } as Record<number, number>,
  coldRatio: 1.5,
  callsPerView: 1,
  cpuMsPerDashboard: 6,
  coldStartMs: 1500,
};

export const stubEnv = {
  STUB_HOST: host,
  STUB_WWW_PORT: String(stubWwwPort),
  STUB_API_PORT: String(stubApiPort),
  STUB_CLIENT_ID: clientId,
  STUB_CLIENT_SECRET: clientSecret,
  STUB_REDIRECT_URIS: [BENCH.redirectUri, BENCH.postgresRedirectUri].join(","),
  STUB_LATENCY_MS: String(BENCH.latencyMs),
};

/** The production app's environment on SQLite (both servers; only PORT differs). */
export const appEnv = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_DIST_DIR: BENCH.distDir,
  APP_URL: appUrl,
  DEPOP_CLIENT_ID: clientId,
  DEPOP_CLIENT_SECRET: clientSecret,
  DEPOP_AUTHORIZE_URL: `${BENCH.stubWwwUrl}/settings/oauth/apps/`,
  DEPOP_API_URL: BENCH.stubApiUrl,
  DEPOP_SCOPES: BENCH.scopes.join(" "),
  SESSION_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  DEPOP_WEBHOOK_SECRET: randomBytes(32).toString("hex"),
  DATABASE_URL: `file:./${BENCH.databaseFile}`,
  // Every connect comes from this machine's address, dozens a minute: the per-address limit would answer 429.
  CALLBACK_RATE_LIMIT: "100000",
};

/** The same app on PostgreSQL (both servers): its public URL and the cluster's database instead of the file. */
export function postgresAppEnv(databaseUrl: string): Record<string, string> {
  return { ...appEnv, APP_URL: BENCH.postgresAppUrl, DATABASE_URL: databaseUrl };
}

export type Database = "SQLite" | "PostgreSQL";

/** One database's pair of app servers, as the rows address them. */
export type Target = {
  database: Database;
  /** The public URL the browser connects through (the redirect URI is built from it). */
  appUrl: string;
  /** The first server, which every row but the two-server storm hits. */
  directUrl: string;
  secondDirectUrl: string;
};

export const SQLITE: Target = {
  database: "SQLite",
  appUrl: BENCH.appUrl,
  directUrl: BENCH.appDirectUrl,
  secondDirectUrl: BENCH.secondAppDirectUrl,
};

export const POSTGRES: Target = {
  database: "PostgreSQL",
  appUrl: BENCH.postgresAppUrl,
  directUrl: BENCH.postgresDirectUrl,
  secondDirectUrl: BENCH.postgresSecondDirectUrl,
};
