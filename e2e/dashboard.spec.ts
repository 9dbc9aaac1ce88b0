import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";

test.describe("the dashboard", () => {
  test("every product of a large shop is reachable through the pages", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    const seen = new Set<string>();
    for (let pageNumber = 1; pageNumber <= 10; pageNumber++) {
      const list = page.getByRole("list", { name: "Products" });
      await expect(list.getByRole("listitem").first()).toBeVisible();
      const links = list.getByRole("heading").getByRole("link");
      for (const href of await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""))) {
        expect(seen.has(href), `${href} shown twice`).toBe(false);
        seen.add(href);
      }
      const next = page.getByRole("link", { name: "Next page" });
      if ((await next.count()) === 0) break;
      await next.click();
      await expect(page).toHaveURL(/cursor=/);
    }
    expect(seen.size).toBe(SELLERS.vintage_vault.products);
  });

  test("two sellers in two browsers each see only their own shop", async ({ browser, connectAs }) => {
    const vault = await browser.newContext({ baseURL: E2E.appUrl });
    const rags = await browser.newContext({ baseURL: E2E.appUrl });
    const vaultPage = await vault.newPage();
    const ragsPage = await rags.newPage();
    await connectAs("vintage_vault", vaultPage);
    await connectAs("retro_rags", ragsPage);

    await vaultPage.reload();
    await expect(vaultPage.getByRole("heading", { level: 1 })).toHaveText("@vintage_vault");
    await expect(ragsPage.getByRole("heading", { level: 1 })).toHaveText("@retro_rags");
    await expect(ragsPage.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
    const ragsLinks = await ragsPage
      .getByRole("list", { name: "Products" })
      .getByRole("heading")
      .getByRole("link")
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
    const vaultLinks = await vaultPage
      .getByRole("list", { name: "Products" })
      .getByRole("heading")
      .getByRole("link")
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
    expect(ragsLinks.filter((href) => vaultLinks.includes(href))).toEqual([]);
    await vault.close();
    await rags.close();
  });

  test("an empty shop says so", async ({ page, connectAs }) => {
    await connectAs("empty_closet");
    await expect(page.getByRole("status").filter({ hasText: "no products yet" })).toBeVisible();
  });

  test("an expired access token is renewed once and the shop still shows", async ({ page, stub, connectAs }) => {
    await connectAs("retro_rags");
    await stub.expireAccessTokens(SELLERS.retro_rags.id);
    await page.reload();
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
    expect(await stub.tokenRequests("refresh_token")).toHaveLength(1);

    // The rotated refresh token was stored: a second expiry renews again with the new one.
    await stub.expireAccessTokens(SELLERS.retro_rags.id);
    await page.reload();
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
    const refreshes = await stub.tokenRequests("refresh_token");
    expect(refreshes).toHaveLength(2);
    expect(refreshes.map((entry) => entry.status)).toEqual([200, 200]);
    expect(refreshes[0]?.form.refresh_token).not.toBe(refreshes[1]?.form.refresh_token);
  });

  test("a revoked grant asks the seller to reconnect, and reconnecting works", async ({ page, stub, connectAs }) => {
    await connectAs("retro_rags");
    await stub.revoke(SELLERS.retro_rags.id);
    await page.reload();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Reconnect your Depop shop");
    await page.getByRole("button", { name: "Reconnect with Depop" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    await page.getByRole("radio", { name: "retro_rags" }).check();
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
  });

  test("Depop being down shows a clear message instead of a crash", async ({ page, stub, connectAs }) => {
    await connectAs("retro_rags");
    await stub.fault({ endpoint: "products", status: 503, times: 1 });
    await page.reload();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Depop is unavailable right now");
    await page.getByRole("link", { name: "Try again" }).click();
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
  });
});
