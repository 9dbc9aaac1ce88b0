import { statSync } from "node:fs";
import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";
import { connectionCount, databaseBytes, databaseDump, queryDatabase } from "./fixtures/database";
import { disconnectShop } from "./fixtures/flows";

type ConnectionRow = { sellerId: string; accessTokenSealed: string; refreshTokenSealed: string; scopes: string };

test.describe(`what is stored (${E2E.database})`, () => {
  test("the database holds no token in clear, only sealed values: not in its tables, not in its files", async ({
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    const issued = await stub.issued();
    expect(issued.access_tokens.length).toBeGreaterThan(0);
    expect(issued.refresh_tokens.length).toBeGreaterThan(0);

    // What a reader of the tables sees, and what a copy of the disk holds (PostgreSQL: the whole data directory,
    // write-ahead log included; SQLite: the file and its journal).
    const dump = await databaseDump();
    const bytes = databaseBytes();
    expect(bytes.length).toBeGreaterThan(0);
    for (const token of [...issued.access_tokens, ...issued.refresh_tokens]) {
      expect(dump.includes(token), "a token is readable in a table").toBe(false);
      expect(bytes.includes(Buffer.from(token)), "a token is stored in clear").toBe(false);
    }
    const rows = await queryDatabase<ConnectionRow>(
      'SELECT c.* FROM "Connection" c JOIN "Seller" s ON s."id" = c."sellerId" WHERE s."depopShopId" = ?',
      String(SELLERS.vintage_vault.id),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.accessTokenSealed).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(rows[0]?.refreshTokenSealed).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(rows[0]?.scopes).toBe("shop_read products_read products_write orders_read orders_write");
  });

  test("Disconnect deletes the seller's tokens and ends the session", async ({ page, context, connectAs }) => {
    await connectAs("retro_rags");
    await disconnectShop(page);
    await expect(page.getByRole("status").filter({ hasText: "You are disconnected" })).toBeVisible();

    expect(await connectionCount(SELLERS.retro_rags.id)).toBe(0);
    expect((await context.cookies()).find((cookie) => cookie.name === "depop_connect_session")).toBeUndefined();
    await page.goto("/dashboard");
    await expect(page).toHaveURL(`${E2E.appUrl}/`);
  });
});

if (E2E.database === "sqlite") {
  test("the SQLite file is readable by its owner only", () => {
    expect(statSync(E2E.databaseFile).mode & 0o777).toBe(0o600);
  });
}
