import { E2E } from "../env";
import { expect, SELLERS, test } from "../fixtures";
import { connectionCount, holdDatabase, queryDatabase } from "../fixtures/database";
import { beginConnect } from "../fixtures/flows";

// ASVS V16 (error handling), V11 (business logic integrity): a database that cannot be used (SQLite: locked by
// another writer; PostgreSQL: the server stopped, as in an outage or failover) never leaves a half-written
// connection, never silently loses a refresh token Depop has already rotated, never shows a 500, and the app
// recovers by itself when the database is back, without a restart.

test.describe(`database faults (${E2E.database})`, () => {
  test("an unusable database during the callback ends on a clear error and stores nothing", async ({ page, stub }) => {
    const seller = await stub.addSeller();
    await beginConnect(page);
    await page.getByRole("radio", { name: seller.username }).check();
    const held = await holdDatabase();
    try {
      await page.getByRole("button", { name: "Grant access" }).click();
      await page.waitForURL(/\/\?error=/, { timeout: 30_000 });
    } finally {
      await held.release();
    }
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=storage_failed`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("could not save your connection");
    expect(await connectionCount(seller.id)).toBe(0);
    expect(await queryDatabase('SELECT * FROM "Seller" WHERE "depopShopId" = ?', String(seller.id))).toEqual([]);

    // Back up: the same seller connects without anyone restarting the app.
    await page.getByRole("button", { name: "Connect again" }).click();
    await page.getByRole("radio", { name: seller.username }).check();
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    expect(await connectionCount(seller.id)).toBe(1);
  });

  test("an unusable database during a refresh keeps the refresh token: nothing is sent to Depop until it can be stored", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    await stub.expireAccessTokens(SELLERS.retro_rags.id);
    const held = await holdDatabase();
    try {
      const response = await page.reload({ timeout: 30_000 });
      expect(response?.status()).toBeLessThan(500);
      await expect(page.getByRole("main").getByRole("alert")).toContainText("temporarily unavailable", {
        timeout: 30_000,
      });
    } finally {
      await held.release();
    }
    expect(await stub.tokenRequests("refresh_token")).toHaveLength(0);

    await page.reload();
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
    const refreshes = await stub.tokenRequests("refresh_token");
    expect(refreshes.map((entry) => entry.status)).toEqual([200]);
  });

  test("every page says 'temporarily unavailable' while the database is away, and works again after", async ({
    page,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    const held = await holdDatabase();
    try {
      for (const path of ["/dashboard", "/dashboard/connection", "/dashboard/products/1"]) {
        const response = await page.goto(path, { timeout: 30_000 });
        expect(response?.status(), path).toBeLessThan(500);
        await expect(page.getByRole("main").getByRole("alert"), path).toContainText("temporarily unavailable", {
          timeout: 30_000,
        });
        expect(await page.content()).not.toMatch(/Prisma|ECONNREFUSED|at .*\.js:\d+/);
      }
    } finally {
      await held.release();
    }
    await page.goto("/dashboard");
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(24);
  });
});

test("the health check answers 200 with no details and is never cached", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
  expect(response.headers()["cache-control"]).toBe("no-store");
});

// A SQLite file is part of the app itself: only a database server can be down while the app runs.
if (E2E.database === "postgresql") {
  test("the health check answers 503 while PostgreSQL is down and 200 once it is back", async ({ request }) => {
    expect((await request.get("/api/health")).status()).toBe(200);
    const held = await holdDatabase();
    try {
      const down = await request.get("/api/health");
      expect(down.status()).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable" });
      expect(down.headers()["cache-control"]).toBe("no-store");
    } finally {
      await held.release();
    }
    await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 15_000 }).toBe(200);
  });
}
