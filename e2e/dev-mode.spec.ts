import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { E2E } from "./env";
import { expect, test } from "./fixtures";

// `npm run dev` is a newcomer's first look: Next's development overlay must work under the development CSP (no
// violation in the console), while production keeps the strict one (the headers spec checks that).

const PORT = E2E.port(3197);
const DEV_URL = `http://localhost:${PORT}`;

test("the development server's pages and dev tools run without a single CSP violation", async ({ browser }) => {
  test.setTimeout(240_000);
  rmSync(".e2e/dev", { recursive: true, force: true });
  const env = {
    ...process.env,
    ...E2E.appEnv,
    NODE_ENV: "development" as const,
    PORT: String(PORT),
    APP_URL: DEV_URL,
    DATABASE_URL: "file:./.e2e/dev/dev.db",
    // Its own build folder: the production build the other specs run stays untouched.
    NEXT_DIST_DIR: ".e2e/dev/next",
  };
  // `next dev` adds its type folders to these files; the repository is left as it was.
  const saved = ["tsconfig.json", "next-env.d.ts"].map(
    (file) => [file, existsSync(file) ? readFileSync(file) : null] as const,
  );
  const restore = () => {
    for (const [file, content] of saved) {
      if (content === null) rmSync(file, { force: true });
      else writeFileSync(file, content);
    }
  };
  expect(spawnSync(process.execPath, ["scripts/migrate.mjs"], { env, stdio: "ignore" }).status).toBe(0);
  const server: ChildProcess = spawn("node_modules/.bin/next", ["dev", "--port", String(PORT)], {
    env,
    stdio: "ignore",
  });
  try {
    await expect
      .poll(async () => (await fetch(`${DEV_URL}/api/health`).catch(() => null))?.status ?? 0, {
        timeout: 180_000,
        intervals: [500],
      })
      .toBe(200);
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|violates/i.test(message.text())) violations.push(message.text());
    });
    for (const path of ["/", "/?error=denied", "/dashboard"]) {
      await page.goto(`${DEV_URL}${path}`, { timeout: 120_000 });
      await expect(page.getByRole("button", { name: /Connect/ }).first()).toBeVisible({ timeout: 60_000 });
    }
    // The dev tools' own button is there and styled (a stylesheet blocked by the CSP would leave it unstyled).
    const devTools = page.locator("nextjs-portal");
    await expect(devTools.first()).toBeAttached({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    expect(violations).toEqual([]);
    await context.close();
  } finally {
    server.kill("SIGTERM");
    restore();
  }
});
