import type { Page } from "@playwright/test";
import { E2E } from "./env";
import { expect, test } from "./fixtures";

// The README's pictures come from the real app in a real browser.
test.use({ viewport: { width: 1280, height: 900 } });

async function waitForImages(page: Page, count: number) {
  const images = page.locator("main img");
  for (let index = 0; index < count; index++) {
    await expect
      .poll(() => images.nth(index).evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
  }
}

test("README screenshots: landing, consent, dashboard, product page, connection page, orders", async ({ page }) => {
  await page.goto("/");
  await page.screenshot({ path: "docs/screenshots/landing.png" });

  await page.getByRole("button", { name: "Connect with Depop" }).click();
  await page.waitForURL(`${E2E.stubWwwUrl}/**`);
  await page.screenshot({ path: "docs/screenshots/consent.png" });

  await page.getByRole("button", { name: "Grant access" }).click();
  await page.waitForURL(`${E2E.appUrl}/dashboard`);
  await waitForImages(page, 8);
  await page.screenshot({ path: "docs/screenshots/dashboard.png" });

  await page.getByRole("list", { name: "Products" }).getByRole("heading").getByRole("link").first().click();
  await page.waitForURL(/\/dashboard\/products\/\d+(\?back=.*)?$/);
  await waitForImages(page, 1);
  await page.screenshot({ path: "docs/screenshots/product.png", fullPage: true });

  await page.goto("/dashboard/connection");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connection");
  await page.screenshot({ path: "docs/screenshots/connection.png" });

  await page.goto("/dashboard/orders");
  await expect(page.getByRole("list", { name: "Orders to ship" })).toBeVisible();
  await waitForImages(page, 3);
  await page.screenshot({ path: "docs/screenshots/orders.png" });
  await page
    .getByRole("list", { name: "Orders to ship" })
    .getByRole("link", { name: /^Order / })
    .first()
    .click();
  await expect(page.getByRole("button", { name: "Mark as shipped" }).first()).toBeVisible();
  await waitForImages(page, 1);
  await page.screenshot({ path: "docs/screenshots/order.png", fullPage: true });

  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/dashboard");
  await waitForImages(page, 4);
  await page.screenshot({ path: "docs/screenshots/dashboard-phone.png" });
});
