import { expect, test } from "./fixtures";

// The README's pictures come from the real app in a real browser.
test("README screenshot of a connected dashboard", async ({ page, connectAs }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await connectAs("vintage_vault");
  const images = page.getByRole("list", { name: "Products" }).locator("img");
  await expect(images.first()).toHaveJSProperty("complete", true);
  // Lazy images load once on screen: wait for the first two rows to be painted.
  for (let index = 0; index < 8; index++) {
    await expect
      .poll(() => images.nth(index).evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
  }
  await page.screenshot({ path: "docs/screenshots/dashboard.png" });
});
