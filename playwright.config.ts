import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM, E2E } from "./e2e/env";

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  // One stub, one app, one database: specs run one at a time so stub logs and faults are theirs alone.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
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
