import Database from "better-sqlite3";
import { E2E } from "../env";
import { expect, SELLERS, test } from "../fixtures";
import { connectionCount, queryDatabase } from "../fixtures/database";
import { beginConnect } from "../fixtures/flows";

// ASVS V16 (error handling), V11 (business logic integrity): a database that cannot be written never leaves a
// half-written connection, and never silently loses a refresh token Depop has already rotated.

/** Holds SQLite's write lock from outside the app, as another writer or a backup would. */
function lockDatabase(): { release: () => void } {
  const db = new Database(E2E.databaseFile, { fileMustExist: true });
  db.exec("BEGIN EXCLUSIVE");
  return {
    release: () => {
      db.exec("ROLLBACK");
      db.close();
    },
  };
}

test("a locked database during the callback ends on a clear error and stores nothing", async ({ page, stub }) => {
  const seller = await stub.addSeller();
  await beginConnect(page);
  await page.getByRole("radio", { name: seller.username }).check();
  const lock = lockDatabase();
  try {
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(/\/\?error=/, { timeout: 30_000 });
  } finally {
    lock.release();
  }
  await expect(page).toHaveURL(`${E2E.appUrl}/?error=storage_failed`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("could not save your connection");
  expect(connectionCount(seller.id)).toBe(0);
  expect(queryDatabase('SELECT * FROM "Seller" WHERE depopShopId = ?', String(seller.id))).toEqual([]);
});

test("a locked database during a refresh keeps the refresh token: nothing is sent to Depop until it can be stored", async ({
  page,
  stub,
  connectAs,
}) => {
  await connectAs("retro_rags");
  await stub.expireAccessTokens(SELLERS.retro_rags.id);
  const lock = lockDatabase();
  try {
    await page.reload({ timeout: 30_000 });
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Something went wrong", {
      timeout: 30_000,
    });
  } finally {
    lock.release();
  }
  expect(await stub.tokenRequests("refresh_token")).toHaveLength(0);

  await page.reload();
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
    SELLERS.retro_rags.products,
  );
  const refreshes = await stub.tokenRequests("refresh_token");
  expect(refreshes.map((entry) => entry.status)).toEqual([200]);
});
