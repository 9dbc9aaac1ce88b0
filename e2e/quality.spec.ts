import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";
import { disconnectShop } from "./fixtures/flows";

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(
    serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
    what,
  ).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [375, 1280]) {
    test.describe(`${colorScheme}, ${width}px`, () => {
      test.use({ colorScheme, viewport: { width, height: 900 } });

      test("every page has no serious accessibility violation and nothing overflows", async ({ page, stub }) => {
        const check = async (what: string) => {
          await expectAccessible(page, what);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
          expect(overflow, `${what} scrolls sideways`).toBe(false);
        };
        await page.goto("/");
        await check("landing");
        await page.goto("/?error=denied");
        await check("landing with a notice");

        await page.getByRole("button", { name: "Connect again" }).click();
        await page.waitForURL(`${E2E.stubWwwUrl}/**`);
        await page.getByRole("radio", { name: "vintage_vault" }).check();
        await page.getByRole("button", { name: "Grant access" }).click();
        await page.waitForURL(`${E2E.appUrl}/dashboard`);
        await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(24);
        await check("dashboard");

        await page.goto("/dashboard/products/7208846");
        await check("product page");
        await page.goto("/dashboard/products/1");
        await check("product not found");
        await page.goto("/dashboard/connection");
        await check("connection page");
        await page.goto("/dashboard/disconnect");
        await check("disconnect confirmation");
        await page.goto("/dashboard/orders");
        await expect(page.getByRole("list", { name: "Orders to ship" })).toBeVisible();
        await check("orders page");
        await page
          .getByRole("list", { name: "Orders to ship" })
          .getByRole("link", { name: /^Order / })
          .first()
          .click();
        await expect(page.getByRole("button", { name: "Mark as shipped" }).first()).toBeVisible();
        await check("order page");
        await page.getByRole("button", { name: "Mark as shipped" }).first().click();
        await expect(page.locator(".field-error").first()).toBeVisible();
        await check("order page with field errors");

        await stub.fault({ endpoint: "products", status: 503 });
        await page.goto("/dashboard");
        await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
        await check("Depop unavailable");

        await stub.revoke(SELLERS.vintage_vault.id);
        await stub.expireAccessTokens(SELLERS.vintage_vault.id);
        await page.goto("/dashboard");
        await expect(page.getByRole("main").getByRole("alert")).toContainText("Reconnect");
        await check("reconnect needed");
        await page.goto("/no-such-page");
        await check("not found");

        // Depop's 429, on a shop of its own (the pause it leaves would shadow the states above).
        const limited = await stub.addSeller(1);
        await page.goto("/");
        await page.getByRole("button", { name: "Connect with Depop" }).click();
        await page.getByRole("radio", { name: limited.username }).check();
        await stub.fault({ endpoint: "products", status: 429, headers: { "Retry-After": "60" } });
        await page.getByRole("button", { name: "Grant access" }).click();
        await expect(page.getByRole("main").getByRole("alert")).toContainText("slow down");
        await check("rate limited");
      });
    });
  }
}

test("the whole flow works from the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab"); // skip link
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const connect = page.getByRole("button", { name: "Connect with Depop" });
  for (let i = 0; i < 10 && !(await connect.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(connect).toBeFocused();
  await page.keyboard.press("Enter");
  await page.waitForURL(`${E2E.stubWwwUrl}/**`);
  await page.getByRole("radio", { name: "retro_rags" }).focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Grant access" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(`${E2E.appUrl}/dashboard`);
  const firstProduct = page.getByRole("list", { name: "Products" }).getByRole("heading").getByRole("link").first();
  await firstProduct.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard\/products\/\d+$/);
});

// Connect and Disconnect are plain forms, and the streamed product list shows without a script too.
test("connecting and disconnecting work without client JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: E2E.appUrl });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Connect with Depop" }).click();
  await page.waitForURL(`${E2E.stubWwwUrl}/**`);
  await page.getByRole("radio", { name: "retro_rags" }).check();
  await page.getByRole("button", { name: "Grant access" }).click();
  await page.waitForURL(`${E2E.appUrl}/dashboard`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("@retro_rags");
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
    SELLERS.retro_rags.products,
  );
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.locator(".products-skeleton")).toBeHidden();
  await disconnectShop(page);
  await context.close();
});

test("npm start sends pages, scripts and styles gzipped to a browser that asks, and they arrive whole", async ({
  page,
  connectAs,
}) => {
  // Each kind of response, and how each one over the 1 KiB threshold came (smaller ones are not worth compressing).
  const encodings: Record<string, Set<string>> = {};
  const seen: Promise<void>[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.origin !== E2E.appUrl || response.status() !== 200) return;
    const kind = url.pathname === "/dashboard" ? "dashboard" : url.pathname.match(/\.(js|css)$/)?.[1];
    if (!kind) return;
    seen.push(
      (async () => {
        const [headers, body] = await Promise.all([response.allHeaders(), response.body()]);
        if (body.length < 1024) return;
        encodings[kind] ??= new Set();
        encodings[kind].add(headers["content-encoding"] ?? "none");
      })(),
    );
  });
  await connectAs("vintage_vault");
  // The products come in a later part of the streamed page than its shell: both decoded into one working page.
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(24);
  await expect(page.getByRole("link", { name: "Next page" })).toBeVisible();
  await Promise.all(seen);
  expect(encodings).toEqual({ dashboard: new Set(["gzip"]), js: new Set(["gzip"]), css: new Set(["gzip"]) });

  // A client that does not ask gets the page as it is.
  const plain = await page.request.get("/", { headers: { "accept-encoding": "identity" } });
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(plain.headers().vary).toMatch(/accept-encoding/i);
  expect(await plain.text()).toContain("Connect with Depop");
});
