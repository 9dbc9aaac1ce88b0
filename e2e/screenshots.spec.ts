import { expect, test } from "./fixtures";

// The README's pictures come from the real app in a real browser.
test("README screenshot of a connected dashboard", async ({ page, connectAs }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await connectAs("vintage_vault");
  const images = page.getByRole("list", { name: "Products" }).locator("img");
  await expect(images.first()).toHaveJSProperty("complete", true);
  await page.evaluate(() => Promise.all([...document.images].map((image) => image.decode().catch(() => undefined))));
  await page.screenshot({ path: "docs/screenshots/dashboard.png" });
});
