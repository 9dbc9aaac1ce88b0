import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";
import { disconnectShop } from "./fixtures/flows";

// What a seller meets day to day: their money in their own terms, a dashboard that keeps their place, phones,
// plain words instead of Depop's codes, and no dead ends.

const cards = (page: import("@playwright/test").Page) =>
  page.getByRole("list", { name: "Products" }).getByRole("listitem");

test.describe("money and words", () => {
  test.use({ locale: "en-GB" });

  test("prices follow the browser's language and the shop's country: a US shop reads $, a British one £", async ({
    page,
    browser,
    connectAs,
  }) => {
    await connectAs("retro_rags"); // a US shop
    const price = cards(page).first().locator(".price span").first();
    await expect(price).toHaveText(/^\$\d/);
    await expect(cards(page).first()).not.toContainText("US$");

    const british = await browser.newContext({ locale: "en-GB", baseURL: E2E.appUrl });
    const other = await british.newPage();
    await connectAs("vintage_vault", other);
    await expect(other.getByRole("list", { name: "Products" }).locator(".price span").first()).toHaveText(/^£\d/);
    await british.close();
  });

  test("the product page speaks plainly: condition and size in words, the description without its title", async ({
    page,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await cards(page).first().getByRole("link").first().click();
    const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
    const facts = page.locator("dl.facts");
    await expect(facts).not.toContainText("_");
    await expect(facts.locator("dd").filter({ hasText: "size" }).first()).toContainText(/Depop size \d+/);
    const description = page.locator(".description");
    if (await description.count()) expect((await description.textContent())?.startsWith(title)).toBe(false);
    // Dates in the browser's time zone (the test browser's is UTC), marked up as machine-readable times.
    await expect(facts.locator("time").first()).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  });

  test("the connection page says what each permission allows, in words", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    await page.goto("/dashboard/connection");
    await expect(page.getByText("See your listings, prices and stock")).toBeVisible();
    await expect(page.getByText("See your shop's name and details")).toBeVisible();
    await expect(page.locator("dl.facts")).not.toContainText("products_read");
  });
});

test.describe("keeping the seller's place", () => {
  test("pages go forward and back, with counts, and keep the filter", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    await expect(page.getByText("Showing 1–24 of more than 24")).toBeVisible();
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(
      page.getByText(`Showing 25–${SELLERS.vintage_vault.products} of ${SELLERS.vintage_vault.products}`),
    ).toBeVisible();
    await expect(page.getByText("Page 2")).toBeVisible();
    await expect(page.getByRole("link", { name: "Next page" })).toHaveCount(0);
    await page.getByRole("link", { name: "Previous page" }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard`);
    await expect(page.getByText("Showing 1–24 of more than 24")).toBeVisible();
  });

  test("back from a product returns to the same filter and page", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    await page.getByRole("link", { name: "Oldest first" }).click();
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/sort=oldest&cursor=/);
    const dashboard = page.url();
    await cards(page).first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/dashboard\/products\/\d+\?back=/);
    await page.getByRole("link", { name: "← Back to your shop" }).click();
    expect(page.url()).toBe(dashboard);
    await expect(page.getByText("Page 2")).toBeVisible();
  });

  test("a hostile back parameter cannot send the seller anywhere but their dashboard", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    const href = (await cards(page).first().getByRole("link").first().getAttribute("href")) ?? "";
    const path = href.split("?")[0];
    for (const back of ["//evil.example", "https://evil.example/", "state=sold&cursor=<script>", "%E0%A4%A"]) {
      await page.goto(`${path}?back=${encodeURIComponent(back)}`);
      const target = await page.getByRole("link", { name: "← Back to your shop" }).getAttribute("href");
      expect(target?.startsWith("/dashboard")).toBe(true);
    }
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test("products sit in two compact columns", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    const [first, second] = [await cards(page).nth(0).boundingBox(), await cards(page).nth(1).boundingBox()];
    expect(first && second).toBeTruthy();
    expect(Math.abs((first?.y ?? 0) - (second?.y ?? 1))).toBeLessThan(2);
    expect((second?.x ?? 0) - (first?.x ?? 0)).toBeGreaterThan(100);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(7000);
  });
});

test.describe("no dead ends", () => {
  test("Disconnect asks first, says what it does, and Cancel keeps everything", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    await page.getByRole("link", { name: "Disconnect", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Disconnect @retro_rags?");
    await expect(page.getByRole("main")).toContainText("remove this app in your Depop settings");
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.goto("/dashboard");
    await expect(cards(page)).toHaveCount(SELLERS.retro_rags.products);
    await disconnectShop(page);
  });

  test("deleted and banned listings come last, marked, and the statuses are explained", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    await expect(page.getByText(/deleted or banned: buyers/)).toBeVisible();
    await expect(cards(page).last().locator(".badge")).toHaveText(/Deleted|Banned/);
    await page.getByText("What the statuses mean").click();
    await expect(page.getByText("Depop removed the listing")).toBeVisible();
  });

  test("a missing permission shows no dead filter controls", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Connect with Depop" }).click();
    await page.getByRole("radio", { name: "retro_rags" }).check();
    await page.getByRole("checkbox", { name: /products_read/ }).uncheck();
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("A permission is missing");
    await expect(page.getByRole("navigation", { name: "Filter by status" })).toHaveCount(0);
  });

  test("after a 429 the page says when it will work again, and tries again by itself", async ({ page, stub }) => {
    const seller = await stub.addSeller(2);
    await page.goto("/");
    await page.getByRole("button", { name: "Connect with Depop" }).click();
    await page.getByRole("radio", { name: seller.username }).check();
    await stub.fault({ endpoint: "products", status: 429, headers: { "Retry-After": "2" } });
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    const notice = page.getByRole("main").getByRole("alert");
    await expect(notice).toContainText("It will work again at");
    await expect(notice).toContainText(/Trying again by itself in \d second/);
    // No click: when the pause ends the page loads again, and Depop answers this time.
    await expect(cards(page)).toHaveCount(2, { timeout: 15_000 });
  });
});
