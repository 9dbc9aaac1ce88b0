import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM, E2E } from "./e2e/env";

const postgres = E2E.database === "postgresql";

// The specs that run a second time on PostgreSQL (E2E_DATABASE=postgresql): everything that touches storage
// (connections, sessions, transactions, rate limits) or the database's failure modes.
const POSTGRES_SPECS = [
  "connect.spec.ts",
  "dashboard.spec.ts",
  "lifecycle.spec.ts",
  "storage.spec.ts",
  "security/database-faults.spec.ts",
  "security/sessions.spec.ts",
  "security/secret-rotation.spec.ts",
  "security/hostile-requests.spec.ts",
  "multi-instance.spec.ts",
  "orders.spec.ts",
  "listings.spec.ts",
  "bulk.spec.ts",
];
// Needs a database server that several app instances share.
const POSTGRES_ONLY_SPECS = ["multi-instance.spec.ts"];

export default defineConfig({
  testDir: "./e2e",
  testMatch: postgres ? POSTGRES_SPECS.map((spec) => `**/${spec}`) : "**/*.spec.ts",
  testIgnore: postgres ? [] : POSTGRES_ONLY_SPECS.map((spec) => `**/${spec}`),
  // One stub, one app, one database: specs run one at a time so stub logs and faults are theirs alone.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"], ["html", { open: "never", outputFolder: `playwright-report/${E2E.database}` }]]
    : "list",
  outputDir: `test-results/${E2E.database}`,
  use: {
    ...devices["Desktop Chrome"],
    baseURL: E2E.appUrl,
    trace: "on-first-retry",
    launchOptions: {
      ...(CHROMIUM.executablePath ? { executablePath: CHROMIUM.executablePath } : {}),
      args: CHROMIUM.args,
    },
  },
  webServer: [
    ...(postgres
      ? [
          {
            // A throwaway PostgreSQL cluster of the run's own (never a server the machine may already have).
            command: "node_modules/.bin/tsx e2e/postgres-server.ts",
            url: `http://127.0.0.1:${E2E.postgres.readyPort}/`,
            reuseExistingServer: false,
            stdout: "ignore" as const,
            stderr: "pipe" as const,
            timeout: 60_000,
            gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
          },
        ]
      : []),
    {
      command: "node_modules/.bin/tsx e2e/depop-stub/main.ts",
      url: `${E2E.stubApiUrl}/status`,
      env: E2E.stubEnv,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 60_000,
    },
    {
      // The production build, on a fresh database: what a deployment runs.
      command: `rm -rf .e2e/db && ${process.env.E2E_SKIP_BUILD ? "" : "npm run build && "}npm start`,
      url: `${E2E.appUrl}/`,
      env: E2E.appEnv,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 400_000,
    },
    {
      // A second process on the same build and database (started after the first has built and migrated).
      command: "npm start",
      url: `${E2E.secondAppUrl}/`,
      env: { ...E2E.appEnv, PORT: String(E2E.secondAppPort) },
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 60_000,
    },
  ],
});
