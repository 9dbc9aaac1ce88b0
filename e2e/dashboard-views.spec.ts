import type { Page } from "@playwright/test";
import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";

const products = (page: Page) => page.getByRole("list", { name: "Products" }).getByRole("listitem");
const productIds = async (page: Page, cards = ".product") =>
  (
    await page
      .getByRole("list", { name: "Products" })
      .locator(`${cards} h3 a`)
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""))
  ).map((href) => Number(href.split("?")[0]?.split("/").pop()));

test.describe("browsing the shop", () => {
  test("filters by status and keeps the filter in the URL and across pages", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "Sold" }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard?state=sold`);
    await expect(products(page)).toHaveCount(9);
    for (const badge of await products(page).locator(".badge").allTextContents()) {
      expect(["Sold", "Marked as sold"]).toContain(badge);
    }
    await expect(
      page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "Sold" }),
    ).toHaveAttribute("aria-current", "true");

    await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "On sale" }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard?state=selling`);
    await expect(products(page)).toHaveCount(24);
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/state=selling&cursor=/);
    await expect(products(page)).toHaveCount(36 - 24);
    for (const badge of await products(page).locator(".badge").allTextContents()) expect(badge).toBe("On sale");

    // The back button returns to the previous filtered page; a shared link renders the same page.
    await page.goBack();
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard?state=selling`);
    await expect(products(page)).toHaveCount(24);
  });

  test("sorts newest or oldest first", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    await expect(products(page)).toHaveCount(24);
    // Deleted and banned listings come last on a page: the order holds within the live ones and within those.
    const newest = await productIds(page, ".product:not(.gone)");
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    await page.getByRole("navigation", { name: "Sort" }).getByRole("link", { name: "Oldest first" }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard?sort=oldest`);
    await expect(products(page)).toHaveCount(24);
    const oldest = await productIds(page, ".product:not(.gone)");
    expect(oldest).toEqual([...oldest].sort((a, b) => a - b));
    expect(oldest[0]).toBeLessThan(newest[newest.length - 1] ?? 0);
  });

  test("a product card shows price in its currency, the discount, status, quantity and a Depop link", async ({
    page,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    const discounted = products(page)
      .filter({ has: page.locator("s") })
      .first();
    await expect(discounted.locator(".price")).toHaveText(/^£\d+\.\d{2}was £\d+\.\d{2}$/);
    const card = products(page).first();
    await expect(card.locator("img")).toHaveAttribute("loading", "lazy");
    await expect(card.locator("img")).toHaveAttribute("width", /\d+/);
    await expect(card.getByText(/^Qty \d+$/)).toBeVisible();
    await expect(card.getByRole("link", { name: /View on Depop/ })).toHaveAttribute(
      "href",
      /^https:\/\/www\.depop\.com\/products\/[a-z0-9-]+\/$/,
    );
  });

  test("US shops show dollars", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    await expect(products(page).first().locator(".price")).toContainText("$");
    await expect(products(page).first().locator(".price")).not.toContainText("US$");
  });

  test("the product page shows every picture and the listing's details", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    const first = page.getByRole("list", { name: "Products" }).getByRole("heading").getByRole("link").first();
    const title = await first.textContent();
    await first.click();
    await expect(page).toHaveURL(/\/dashboard\/products\/\d+(\?back=.*)?$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title ?? "");
    expect(await page.locator(".gallery img").count()).toBeGreaterThanOrEqual(1);
    for (const label of ["Price", "Status", "Brand", "Condition", "Colours", "Shipping", "Listed", "Updated"]) {
      await expect(page.locator("dt", { hasText: label }).first()).toBeVisible();
    }
    await page.getByRole("link", { name: "← Back to your shop" }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard`);
  });

  test("a product that is not in the shop gets a not-found page", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    const response = await page.goto("/dashboard/products/123");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Product not found");
    await expect(page.getByRole("link", { name: "Back to your shop" })).toBeVisible();
  });

  test("a Depop failure on the product page says so and offers a retry", async ({ page, stub, connectAs }) => {
    await connectAs("retro_rags");
    await stub.fault({ endpoint: "product", status: 502 });
    await page.goto("/dashboard/products/7208900");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Depop is unavailable right now");
    await page.getByRole("link", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/not found|unavailable/i);
    await expect(page.locator(".gallery img").first()).toBeVisible();
  });

  test("the shell renders while the products stream in behind a skeleton", async ({ page, stub, connectAs }) => {
    await connectAs("retro_rags");
    await stub.fault({ endpoint: "products", delay_ms: 1500 });
    await page.goto("/dashboard", { waitUntil: "commit" });
    await expect(page.getByRole("heading", { name: "Products" })).toBeVisible();
    await expect(page.locator("[aria-busy=true]")).toBeVisible();
    await expect(products(page)).toHaveCount(SELLERS.retro_rags.products);
    await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
  });

  test("the dashboard makes one Depop call per page view: products (the shop's name is the stored one)", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    const before = await stub.requests();
    await page.reload();
    await expect(products(page)).toHaveCount(SELLERS.retro_rags.products);
    const during = (await stub.requests()).filter((entry) => entry.seq > (before.at(-1)?.seq ?? 0));
    expect(during.filter((entry) => entry.endpoint === "shop")).toHaveLength(0);
    expect(during.filter((entry) => entry.endpoint === "products")).toHaveLength(1);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("@retro_rags");
  });
});
