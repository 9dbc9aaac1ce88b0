import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";
import type { StubControl } from "./fixtures/stub";

const vault = SELLERS.vintage_vault.id;
/** On sale, with a live offer from a buyer (the stub's demo data). */
const WITH_OFFERS = 7208802;

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(
    serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
    what,
  ).toEqual([]);
}

/** An on-sale vintage_vault listing without offers that has a national shipping cost (not Depop shipping). */
async function listingWithShipping(stub: StubControl): Promise<number> {
  for (let id = 7208800; id < 7208847; id++) {
    if (id === WITH_OFFERS || id === 7208806 || id === 7208812) continue;
    const product = await stub.product(vault, id);
    if (product.status === "STATUS_ONSALE" && product.national_shipping_cost !== undefined) return id;
  }
  throw new Error("no listing with a national shipping cost");
}

const editForm = (page: Page) => page.getByRole("region", { name: "Edit listing" });
/** The page's own alert notices (Next's route announcer is an empty alert too). */
const alert = (page: Page) => page.locator('section[role="alert"]');

test.describe(`listing management (${E2E.database})`, () => {
  test("a seller edits price, quantity, description and shipping; only the changed fields are sent, and the page shows the saved listing", async ({
    page,
    stub,
    connectAs,
  }) => {
    const id = await listingWithShipping(stub);
    await connectAs("vintage_vault");
    await page.goto(`/dashboard/products/${id}`);
    const form = editForm(page);
    await expect(form.getByText("At most 1000 characters and 5 hashtags; no e-mail addresses")).toBeVisible();
    await form.getByLabel("Price (GBP)").fill("19.5");
    await form.getByLabel("Quantity").fill("2");
    await form.getByLabel("National shipping cost (GBP)").fill("0");
    await form.getByLabel("Description").fill("Vintage jacket, barely worn.\n\n#vintage #jacket");
    await form.getByRole("button", { name: "Save changes" }).click();

    await expect(form.getByRole("status")).toContainText("Saved on Depop");
    await expect(form.getByLabel("Price (GBP)")).toHaveValue("19.50");
    await expect(page.locator(".facts")).toContainText("£19.50");
    const saved = await stub.product(vault, id);
    expect(saved).toMatchObject({
      price_amount: "19.50",
      quantity: 2,
      national_shipping_cost: "0.00",
      description: "Vintage jacket, barely worn.\n\n#vintage #jacket",
    });
    const writes = await stub.writes();
    expect(writes.map((write) => `${write.method} ${write.path}`)).toEqual([
      `PATCH /api/v1/products/by-product-id/${id}/`,
    ]);
    expect(writes[0]?.form).toEqual({
      price_amount: "19.50",
      quantity: "2",
      national_shipping_cost: "0.00",
      description: "Vintage jacket, barely worn.\n\n#vintage #jacket",
    });
    expect(writes[0]?.status).toBe(200);
  });

  test("the description and price rules are checked before anything is sent, next to their field", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await page.goto("/dashboard/products/7208800");
    const form = editForm(page);
    const cases: [string, string, RegExp][] = [
      ["Description", "Write to me at seller@example.com", /Remove the e-mail address/],
      ["Description", "Nice #a #b #c #d #e #f", /at most 5 hashtags/],
      ["Description", "x".repeat(1001), /1000 characters \(it has 1001\)/],
      ["Price (GBP)", "0.99", /at least 1.00/],
      ["Price (GBP)", "12.345", /at most 2 decimals/],
      ["Quantity", "0", /whole number from 1/],
    ];
    for (const [label, value, message] of cases) {
      await page.goto("/dashboard/products/7208800");
      await form.getByLabel(label).fill(value);
      await form.getByRole("button", { name: "Save changes" }).click();
      const field = form.getByLabel(label);
      await expect(field).toHaveAttribute("aria-invalid", "true");
      await expect(field).toHaveAccessibleDescription(message);
      // What the seller typed is still there to fix.
      await expect(field).toHaveValue(value);
    }
    await expectAccessible(page, "edit form with an error");
    expect(await stub.writes()).toEqual([]);
  });

  test("Depop's 422 errors appear next to the field they concern", async ({ page, stub, connectAs }) => {
    const id = await listingWithShipping(stub);
    await connectAs("vintage_vault");
    const cases: [string, string, string, RegExp][] = [
      ["invalid_price", "Price (GBP)", "30.00", /Depop refused this price/],
      ["invalid_description", "Description", "A fine jacket", /Depop refused this description/],
      ["invalid_quantity", "Quantity", "3", /Depop refused this quantity/],
      ["invalid_national_shipping_cost", "National shipping cost (GBP)", "4.00", /Depop refused this shipping cost/],
    ];
    for (const [code, label, value, message] of cases) {
      await stub.fault({
        endpoint: "product_write",
        product_id: id,
        status: 422,
        body: JSON.stringify({ id: crypto.randomUUID(), errors: [{ code, message: "validation failed" }] }),
      });
      await page.goto(`/dashboard/products/${id}`);
      const form = editForm(page);
      await form.getByLabel(label).fill(value);
      await form.getByRole("button", { name: "Save changes" }).click();
      await expect(form.getByRole("alert")).toContainText("Depop refused the change");
      await expect(form.getByLabel(label)).toHaveAccessibleDescription(message);
      await expect(form.getByLabel(label)).toHaveValue(value);
    }
    expect((await stub.writes()).map((write) => write.status)).toEqual([422, 422, 422, 422]);
  });

  test("a listing changed elsewhere since the page was opened is not overwritten, and its current values are shown", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await page.goto("/dashboard/products/7208801");
    const form = editForm(page);
    await form.getByLabel("Price (GBP)").fill("15.00");
    // Meanwhile the seller changes it in Depop's app.
    await stub.changeProduct(vault, 7208801, { price_amount: "42.00", quantity: 4 });
    await form.getByRole("button", { name: "Save changes" }).click();

    const notice = form.getByRole("alert");
    await expect(notice).toContainText("Not saved: this listing changed elsewhere");
    await expect(notice.getByRole("definition").first()).toHaveText("42.00 GBP");
    await expect(form.getByLabel("Price (GBP)")).toHaveValue("15.00");
    expect(await stub.writes()).toEqual([]);
    expect(await stub.product(vault, 7208801)).toMatchObject({ price_amount: "42.00", quantity: 4 });

    // Saving again, knowingly, replaces it.
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form.getByRole("status")).toContainText("Saved on Depop");
    expect(await stub.product(vault, 7208801)).toMatchObject({ price_amount: "15.00" });
  });

  test("mark as sold asks first, then Depop shows it sold", async ({ page, stub, connectAs }) => {
    await connectAs("vintage_vault");
    await page.goto("/dashboard/products/7208803");
    await page.getByRole("link", { name: "Mark as sold…" }).click();
    await expect(alert(page)).toContainText("Mark this listing as sold?");
    await expectAccessible(page, "mark as sold confirmation");
    expect(await stub.writes()).toEqual([]);
    await page.getByRole("button", { name: "Yes, mark as sold" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Marked as sold" })).toBeVisible();
    expect((await stub.product(vault, 7208803)).status).toBe("STATUS_MARKED_AS_SOLD");
    // A sold listing offers no edit form any more.
    await expect(editForm(page)).toHaveCount(0);
  });

  test("delete refuses a listing with live offers, says so, and deletes it anyway when asked", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await page.goto(`/dashboard/products/${WITH_OFFERS}`);
    await page.getByRole("link", { name: "Delete…" }).click();
    await expect(alert(page)).toContainText("Delete this listing?");
    await page.getByRole("button", { name: "Yes, delete" }).click();

    await expect(alert(page)).toContainText("Buyers have live offers on this listing");
    await expectAccessible(page, "active offers");
    expect((await stub.product(vault, WITH_OFFERS)).status).toBe("STATUS_ONSALE");
    await page.getByRole("button", { name: "Delete anyway" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Listing deleted" })).toBeVisible();
    expect((await stub.product(vault, WITH_OFFERS)).status).toBe("STATUS_DELETED_ONSALE");

    const deletes = (await stub.writes()).filter((write) => write.method === "DELETE");
    expect(deletes.map((write) => [write.query.fail_if_active_offers, write.status])).toEqual([
      ["true", 409],
      [undefined, 200],
    ]);
  });

  test("a listing without offers is deleted after one confirmation", async ({ page, stub, connectAs }) => {
    await connectAs("vintage_vault");
    await page.goto("/dashboard/products/7208805");
    await page.getByRole("link", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Listing deleted" })).toBeVisible();
    expect((await stub.product(vault, 7208805)).status).toBe("STATUS_DELETED_ONSALE");
  });

  test("a shop that did not grant products_write sees the actions with a prompt that asks Depop for it", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault", page, { withoutScopes: ["products_write"] });

    // Depop's token answer names no scopes, so the app learns of the missing one from Depop's 403 ...
    await page.goto("/dashboard/products/7208800");
    await editForm(page).getByLabel("Quantity").fill("2");
    await editForm(page).getByRole("button", { name: "Save changes" }).click();
    await expect(editForm(page).getByRole("alert")).toContainText("grant permission to edit listings");
    expect((await stub.writes()).map((write) => write.status)).toEqual([403]);
    // ... and from then on shows the prompt in place of the forms.
    await page.reload();
    const prompt = alert(page).filter({ hasText: "Grant permission to edit listings" });
    await expect(prompt).toContainText(
      "edit the price, quantity, description or shipping, mark this listing as sold or delete it",
    );
    await expect(editForm(page)).toHaveCount(0);
    await expectAccessible(page, "grant permission prompt");
    await prompt.getByRole("button", { name: "Grant permission to edit listings" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    expect(new URL(page.url()).searchParams.get("scope")?.split("+")).toContain("products_write");
  });

  test("a 403 from Depop on a write shows the grant-permission prompt", async ({ page, stub, connectAs }) => {
    await connectAs("vintage_vault");
    await stub.fault({
      endpoint: "product_write",
      status: 403,
      body: JSON.stringify({
        id: crypto.randomUUID(),
        errors: [{ code: "insufficient_scope", message: "Required scope: products_write" }],
      }),
    });
    await page.goto("/dashboard/products/7208800");
    const form = editForm(page);
    await form.getByLabel("Quantity").fill("2");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form.getByRole("alert")).toContainText("grant permission to edit listings");
    await expect(form.getByRole("button", { name: "Grant permission to edit listings" })).toBeVisible();
  });

  test("a 429 on a write is waited out and sent again: the change is saved", async ({ page, stub, connectAs }) => {
    await connectAs("vintage_vault");
    await stub.fault({ endpoint: "product_write", status: 429, times: 2 });
    await page.goto("/dashboard/products/7208800");
    const form = editForm(page);
    await form.getByLabel("Quantity").fill("3");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form.getByRole("status")).toContainText("Saved on Depop");
    expect((await stub.writes()).map((write) => write.status)).toEqual([429, 429, 200]);
    expect((await stub.product(vault, 7208800)).quantity).toBe(3);
  });

  test("another shop's listing cannot be changed through a tampered form", async ({ page, stub, connectAs }) => {
    await connectAs("vintage_vault");
    await page.goto("/dashboard/products/7208805?confirm=delete");
    // retro_rags' listing, posted from vintage_vault's session.
    await page
      .locator('form:has(button:text("Yes, delete")) input[name="product_id"]')
      .evaluate((input: HTMLInputElement) => {
        input.value = "7208900";
      });
    await page.getByRole("button", { name: "Yes, delete" }).click();
    // Depop (asked with vintage_vault's token) has no such listing in this shop: nothing is written.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Product not found");
    expect((await stub.product(SELLERS.retro_rags.id, 7208900)).status).toBe("STATUS_ONSALE");
    expect(await stub.writes()).toEqual([]);
    const response = await page.goto("/dashboard/products/7208900");
    expect(response?.status()).toBe(404);
  });
});

async function connectWithoutJavaScript(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: E2E.appUrl });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Connect with Depop" }).click();
  await page.waitForURL(`${E2E.stubWwwUrl}/**`);
  await page.getByRole("radio", { name: "vintage_vault" }).check();
  await page.getByRole("button", { name: "Grant access" }).click();
  await page.waitForURL(`${E2E.appUrl}/dashboard`);
  return { context, page };
}

test("without JavaScript: edit (with an error, then saved), mark as sold and delete all work as plain forms", async ({
  browser,
  stub,
}) => {
  const { context, page } = await connectWithoutJavaScript(browser);
  try {
    await page.goto("/dashboard/products/7208801");
    const form = editForm(page);
    await form.getByLabel("Description").fill("Mail me: me@example.org");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form.getByLabel("Description")).toHaveAccessibleDescription(/Remove the e-mail address/);
    await form.getByLabel("Description").fill("A plain description #vintage");
    await form.getByLabel("Price (GBP)").fill("11");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form.getByRole("status")).toContainText("Saved on Depop");
    expect(await stub.product(vault, 7208801)).toMatchObject({
      price_amount: "11.00",
      description: "A plain description #vintage",
    });

    await page.getByRole("link", { name: "Mark as sold…" }).click();
    await page.getByRole("button", { name: "Yes, mark as sold" }).click();
    await expect(page.getByText("Depop shows this listing as sold")).toBeVisible();
    expect((await stub.product(vault, 7208801)).status).toBe("STATUS_MARKED_AS_SOLD");

    await page.goto(`/dashboard/products/${WITH_OFFERS}`);
    await page.getByRole("link", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page.getByRole("button", { name: "Delete anyway" }).click();
    await expect(page.getByText("Buyers can no longer see this listing on Depop")).toBeVisible();
    // No secret or token in any URL the browser was sent to.
    expect(page.url()).toMatch(/\/dashboard\/products\/7208802\?done=deleted$/);
  } finally {
    await context.close();
  }
});
