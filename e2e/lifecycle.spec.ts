import type { APIResponse } from "@playwright/test";
import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";
import { updateDatabase } from "./fixtures/database";

const productList = (page: import("@playwright/test").Page) =>
  page.getByRole("list", { name: "Products" }).getByRole("listitem");

async function expectShopHtml(response: APIResponse) {
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain('aria-label="Products"');
  expect(html).not.toContain("Depop is unavailable");
}

test.describe("token lifecycle", () => {
  test("six concurrent page loads with an expired token make exactly one refresh", async ({
    page,
    context,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await stub.expireAccessTokens(SELLERS.vintage_vault.id);
    await stub.fault({ endpoint: "token", grant_type: "refresh_token", delay_ms: 300 });

    const responses = await Promise.all(Array.from({ length: 6 }, () => context.request.get("/dashboard")));
    for (const response of responses) await expectShopHtml(response);
    expect(await stub.tokenRequests("refresh_token")).toHaveLength(1);
    await page.reload();
    await expect(productList(page)).toHaveCount(24);
  });

  test("two app processes on one database make exactly one refresh between them", async ({
    context,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await stub.expireAccessTokens(SELLERS.vintage_vault.id);
    await stub.fault({ endpoint: "token", grant_type: "refresh_token", delay_ms: 300 });

    // Cookies belong to the host, not the port: the same session reaches both processes.
    const urls = [E2E.appUrl, E2E.secondAppUrl, E2E.appUrl, E2E.secondAppUrl, E2E.appUrl, E2E.secondAppUrl];
    const responses = await Promise.all(urls.map((base) => context.request.get(`${base}/dashboard`)));
    for (const response of responses) await expectShopHtml(response);
    const refreshes = await stub.tokenRequests("refresh_token");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.status).toBe(200);
  });

  test("a failed refresh keeps the connection: the page says Depop is unavailable, then recovers", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    await stub.expireAccessTokens(SELLERS.retro_rags.id);
    await stub.fault({ endpoint: "token", grant_type: "refresh_token", status: 503 });
    await page.reload();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Depop is unavailable right now");

    await page.getByRole("link", { name: "Try again" }).click();
    await expect(productList(page)).toHaveCount(SELLERS.retro_rags.products);
    const refreshes = await stub.tokenRequests("refresh_token");
    expect(refreshes.map((entry) => entry.status)).toEqual([503, 200]);
    expect(refreshes[0]?.form.refresh_token).toBe(refreshes[1]?.form.refresh_token);
  });

  test("a missing scope is named, and reconnecting asks for it", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Connect with Depop" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    await page.getByRole("radio", { name: "retro_rags" }).check();
    await page.getByRole("checkbox", { name: /products_read/ }).uncheck();
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);

    const notice = page.getByRole("main").getByRole("alert");
    await expect(notice).toContainText("A permission is missing");
    await expect(notice).toContainText("products_read");
    await notice.getByRole("button", { name: "Reconnect with Depop" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    expect(new URL(page.url()).searchParams.get("scope")?.split("+")).toContain("products_read");
    await page.getByRole("radio", { name: "retro_rags" }).check();
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    await expect(productList(page)).toHaveCount(SELLERS.retro_rags.products);
  });

  test("a 429 is honoured: the seller is told when to retry and Depop is not hammered", async ({
    page,
    context,
    stub,
    connectAs,
  }) => {
    // empty_closet: the app remembers the pause for this seller for the rest of the run.
    await connectAs("empty_closet");
    await stub.fault({ endpoint: "products", status: 429, headers: { "Retry-After": "30" } });
    await page.reload();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Depop asked us to slow down");
    await expect(page.getByRole("main").getByRole("alert")).toContainText(/try again in (29|30) seconds/);
    const before = (await stub.requests()).filter((entry) => entry.endpoint === "products").length;
    await page.reload();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Depop asked us to slow down");
    // The pause is stored with the connection: another server (or worker) on the database keeps it too.
    const elsewhere = await context.request.get(`${E2E.secondAppUrl}/dashboard`);
    expect(await elsewhere.text()).toContain("Depop asked us to slow down");
    const after = (await stub.requests()).filter((entry) => entry.endpoint === "products").length;
    expect(after).toBe(before);
  });

  test("the connection page shows when access renews, when to reconnect, and recent activity", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await stub.expireAccessTokens(SELLERS.vintage_vault.id);
    await page.reload();
    await expect(productList(page)).toHaveCount(24);
    await page.getByRole("link", { name: "Connection" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connection");
    const nextYear = new Date(Date.now() + 365 * 86_400_000).getUTCFullYear();
    await expect(page.getByText(`Reconnect by`)).toBeVisible();
    await expect(
      page
        .locator("dd")
        .filter({ hasText: String(nextYear) })
        .first(),
    ).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "Access renewed" }).first()).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "Connected" }).first()).toBeVisible();
  });
});

test("in the last 14 days of the one-year grant the connection page asks the seller to reconnect", async ({
  page,
  connectAs,
}) => {
  await connectAs("retro_rags");
  const inTenDays = new Date(Date.now() + 10 * 86_400_000);
  const changed = await updateDatabase(
    'UPDATE "Connection" SET "refreshTokenExpiresAt" = ? WHERE "sellerId" = (SELECT "id" FROM "Seller" WHERE "depopShopId" = ?)',
    inTenDays,
    String(SELLERS.retro_rags.id),
  );
  expect(changed).toBe(1);
  await page.goto("/dashboard/connection");
  const notice = page.getByRole("main").getByRole("alert");
  await expect(notice).toContainText("Reconnect soon");
  await expect(notice.getByRole("button", { name: "Reconnect now" })).toBeVisible();
});
