import { execFile } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { type APIRequestContext, type Page, request as playwrightRequest } from "@playwright/test";
import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";
import { databaseBytes, queryDatabase } from "./fixtures/database";

const vault = SELLERS.vintage_vault.id;
const WEBHOOK_URL = `${E2E.appUrl}/api/depop/webhooks`;
const RECONCILE_URL = `${E2E.appUrl}/api/cron/reconcile`;

type OrderRow = { purchaseId: string; status: string; source: string; detailsSealed: string | null };

const orderRows = (purchaseId: string) =>
  queryDatabase<OrderRow>('SELECT * FROM "Order" WHERE "purchaseId" = ?', purchaseId);
const eventCount = async (id: string) =>
  Number((await queryDatabase<{ n: number }>('SELECT COUNT(*) AS n FROM "WebhookEvent" WHERE "id" = ?', id))[0]?.n);
const allEvents = async () =>
  Number((await queryDatabase<{ n: number }>('SELECT COUNT(*) AS n FROM "WebhookEvent"'))[0]?.n);

/** A delivery as Depop would sign it (or not), sent straight to the app. */
async function deliver(
  api: APIRequestContext,
  body: string | Buffer,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const signature =
    options.signature === undefined
      ? createHmac("sha256", options.secret ?? E2E.webhookSecret)
          .update(`${timestamp}.`)
          .update(bytes)
          .digest("hex")
      : options.signature;
  return api.post(WEBHOOK_URL, {
    data: bytes,
    headers: {
      "content-type": "application/json",
      "x-depop-timestamp": timestamp,
      ...(signature === null ? {} : { "x-depop-signature": signature }),
    },
    maxRedirects: 0,
  });
}

const envelope = (eventType: string, data: Record<string, unknown>) =>
  JSON.stringify({ id: `evt_${randomUUID()}`, event_type: eventType, created_at: new Date().toISOString(), data });

async function reconcileRoute(api: APIRequestContext, bearer: string | null = E2E.cronSecret) {
  return api.get(RECONCILE_URL, { headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` } });
}

/** Connects with some scopes unticked on the stub's consent page. */
async function connectWithout(page: Page, seller: string, scopes: string[]) {
  await page.goto("/");
  await page.getByRole("button", { name: "Connect with Depop" }).click();
  await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
  await page.getByRole("radio", { name: seller }).check();
  for (const scope of scopes) await page.getByRole("checkbox", { name: new RegExp(scope) }).uncheck();
  await page.getByRole("button", { name: "Grant access" }).click();
  await page.waitForURL(`${E2E.appUrl}/dashboard`);
}

let api: APIRequestContext;
test.beforeAll(async () => {
  api = await playwrightRequest.newContext();
});
test.afterAll(async () => {
  await api.dispose();
});

test.describe(`orders and webhooks (${E2E.database})`, () => {
  test("a simulated sale appears on the orders page within 5 s, stored from its webhook, and is counted to ship", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    const { order, delivery } = await stub.purchase(vault);
    expect(delivery.statuses).toEqual([200]);
    // Depop's list does not show it (yet): only the webhook can have brought it.
    await stub.removeOrder(order.purchase_id);
    await expect.poll(async () => (await orderRows(order.purchase_id))[0]?.source, { timeout: 5000 }).toBe("webhook");
    await page.goto("/dashboard/orders");
    const toShip = page.getByRole("list", { name: "Orders to ship" });
    await expect(toShip.getByRole("link", { name: `Order ${order.purchase_id}` })).toBeVisible({ timeout: 5000 });
    const item = order.line_items[0];
    await expect(
      toShip.getByRole("link", { name: item?.description.split("\n")[0]?.slice(0, 40) ?? "", exact: false }),
    ).toHaveAttribute("href", `/dashboard/products/${item?.product_id}`);
    await expect(page.getByRole("main")).toContainText("Buyer pays");
    // Every status of the demo orders shows as a badge; the dashboard header counts the ones to ship it knows.
    for (const label of ["To ship", "Shipped", "Completed", "Refunded", "Cancelled"]) {
      await expect(page.locator(".badge", { hasText: label }).first()).toBeVisible();
    }
    await page.goto("/dashboard");
    await expect(page.getByRole("link", { name: /Orders/ })).toContainText("to ship");
    // The buyer's name and address are sealed: not in any file of the database.
    expect(databaseBytes().includes(Buffer.from(order.buyer_address.address_line_1))).toBe(false);
    expect(databaseBytes().includes(Buffer.from(order.buyer_address.name))).toBe(false);
  });

  test("a duplicate delivery is stored once", async ({ stub }) => {
    const { order, delivery } = await stub.purchase(vault, { delivery: "duplicate" });
    expect(delivery.statuses).toEqual([200, 200]);
    expect(await eventCount(delivery.event_id)).toBe(1);
    await expect.poll(async () => (await orderRows(order.purchase_id)).length).toBe(1);
  });

  test("a dropped delivery is recovered by the reconcile route, which reports orders to ship", async ({
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    const { order, delivery } = await stub.purchase(vault, { delivery: "drop" });
    expect(delivery.statuses).toEqual([]);
    expect(await orderRows(order.purchase_id)).toHaveLength(0);
    const response = await reconcileRoute(api);
    expect(response.status()).toBe(200);
    const report = await response.json();
    expect(report.recovered).toBeGreaterThanOrEqual(1);
    expect(report.pendingShipment).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(report)).not.toContain(order.purchase_id);
    expect((await orderRows(order.purchase_id))[0]?.source).toBe("reconcile");
  });

  test("npm run reconcile (a plain Node process, outside Next) recovers a dropped sale too", async ({
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    const { order } = await stub.purchase(vault, { delivery: "drop" });
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "reconcile"], {
      env: { ...process.env, ...E2E.appEnv, NODE_ENV: "production" as const },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}").recovered).toBeGreaterThanOrEqual(1);
    expect((await orderRows(order.purchase_id))[0]?.source).toBe("reconcile");
    // The documented way to call Depop for a seller from any script: `npm run job -- <script>`.
    const job = await promisify(execFile)("npm", ["run", "--silent", "job", "--", "scripts/jobs/orders-to-ship.ts"], {
      env: { ...process.env, ...E2E.appEnv, NODE_ENV: "production" as const },
      timeout: 60_000,
    });
    expect(job.stdout).toMatch(new RegExp(`${vault}: \\d+ order\\(s\\) to ship`));
  });

  test("forged, unsigned and stale deliveries and oversized bodies are refused and store nothing", async ({ stub }) => {
    const before = await allEvents();
    const body = envelope("v1:product.like", { seller_id: vault, product_id: 7208846, liker_id: 1 });
    expect((await deliver(api, body, { secret: "not-the-webhook-secret-0123" })).status()).toBe(401);
    expect((await deliver(api, body, { signature: null })).status()).toBe(401);
    expect((await deliver(api, body, { signature: "0".repeat(64) })).status()).toBe(401);
    expect((await deliver(api, body, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status()).toBe(401);
    expect((await deliver(api, body, { timestamp: Math.floor(Date.now() / 1000) + 301 })).status()).toBe(401);
    // The same JSON, re-serialised: equal data, other bytes, so the signature of the original does not fit.
    const signed = createHmac("sha256", E2E.webhookSecret);
    const timestamp = Math.floor(Date.now() / 1000);
    const original = signed.update(`${timestamp}.${body}`).digest("hex");
    const reserialised = JSON.stringify(JSON.parse(body), null, 2);
    expect((await deliver(api, reserialised, { timestamp, signature: original })).status()).toBe(401);
    const huge = envelope("v1:product.like", { seller_id: vault, padding: "x".repeat(300 * 1024) });
    expect((await deliver(api, huge)).status()).toBe(413);
    expect((await deliver(api, "not json")).status()).toBe(400);
    // The stub's own faults: a wrong signature and a stale timestamp.
    const forged = await stub.purchase(vault, { delivery: "bad_signature" });
    expect(forged.delivery.statuses).toEqual([401]);
    const stale = await stub.purchase(vault, { delivery: "stale_timestamp" });
    expect(stale.delivery.statuses).toEqual([401]);
    expect(await allEvents()).toBe(before);
    expect(await orderRows(forged.order.purchase_id)).toHaveLength(0);
  });

  test("unknown event types are stored and acknowledged; likes are counted; a failed event shows as dead", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    await page.goto("/dashboard/connection");
    const likes = async () => Number((await page.getByText(/Likes received: \d+/).textContent())?.match(/\d+/)?.[0]);
    const likesBefore = await likes();
    const unknown = await stub.sendEvent("v2:shop.renamed", { seller_id: vault });
    expect(unknown.delivery.statuses).toEqual([200]);
    expect(await eventCount(unknown.event.id)).toBe(1);
    await stub.like(vault, 7208846);
    await stub.like(vault, 7208845);
    // An order Depop's own schema would refuse: stored, then dead at once (retrying cannot fix it).
    const broken = await stub.sendEvent("v1:order.new", { seller_id: vault, purchase_id: "1" });
    expect(broken.delivery.statuses).toEqual([200]);
    await expect
      .poll(async () => {
        await page.reload();
        return likes();
      })
      .toBe(likesBefore + 2);
    const dead = page.getByRole("list", { name: "Events that could not be handled" });
    await expect(dead).toContainText(broken.event.id);
    await expect(dead).toContainText("invalid_order");
  });

  test("a refund that overtakes its order is applied once the order arrives", async ({ stub }) => {
    // Held back ("reorder"), the sale's webhook goes out right after the refund's.
    const { order } = await stub.purchase(vault, { delivery: "reorder" });
    const refund = await stub.refund(order.purchase_id);
    expect(refund.delivery.statuses).toEqual([200]);
    await expect
      .poll(async () => (await orderRows(order.purchase_id))[0]?.status, { timeout: 10_000 })
      .toBe("REFUNDED");
  });

  test("mark as shipped checks its fields and reaches the stub with the tracking number", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault");
    const { order } = await stub.purchase(vault);
    await page.goto(`/dashboard/orders/${order.purchase_id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order ${order.purchase_id}`);
    await expect(page.getByRole("main")).toContainText("Ship to");
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    await expect(page.getByLabel("Tracking number")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter this to mark the parcel as shipped.").first()).toBeVisible();
    expect(await stub.shipments()).toHaveLength(0);

    await page.getByLabel("Tracking number").fill("RM123456789GB");
    await page.getByLabel("Carrier").fill("Royal Mail");
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Marked as shipped" })).toBeVisible();
    const [shipment] = await stub.shipments();
    expect(shipment).toMatchObject({
      purchase_id: order.purchase_id,
      parcel_id: order.line_items[0]?.parcel_id,
      tracking_number: "RM123456789GB",
      carrier: "Royal Mail",
    });
    const logged = (await stub.requests()).filter((entry) => entry.endpoint === "ship");
    expect(logged.at(-1)?.form.tracking_number).toBe("RM123456789GB");
    // Neither the URL nor the page echoes the tracking number back.
    expect(page.url()).not.toContain("RM123456789GB");
    await expect(
      page
        .getByRole("badge" as "status")
        .or(page.locator(".badge"))
        .first(),
    ).toHaveText("Shipped");
  });

  test("Depop refusing a shipment is shown beside the fields, in our words", async ({ page, stub, connectAs }) => {
    await connectAs("vintage_vault");
    const { order } = await stub.purchase(vault);
    await stub.fault({
      endpoint: "ship",
      status: 422,
      body: JSON.stringify({ id: randomUUID(), errors: [{ code: "validation", message: "<b>raw provider text</b>" }] }),
    });
    await page.goto(`/dashboard/orders/${order.purchase_id}`);
    await page.getByLabel("Tracking number").fill("RM1");
    await page.getByLabel("Carrier").fill("Royal Mail");
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    await expect(page.getByRole("main")).toContainText("Depop did not accept this shipment");
    await expect(page.getByRole("main")).not.toContainText("raw provider text");
  });

  test("without orders_read the orders page leads to reconnect-with-scope", async ({ page }) => {
    await connectWithout(page, "retro_rags", ["orders_read", "orders_write"]);
    await page.goto("/dashboard/orders");
    const notice = page.getByRole("main").getByRole("alert");
    await expect(notice).toContainText("A permission is missing");
    await expect(notice).toContainText("orders_read");
    await notice.getByRole("button", { name: "Reconnect with Depop" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    expect(new URL(page.url()).searchParams.get("scope")?.split("+")).toContain("orders_read");
  });

  test("without orders_write, Mark as shipped leads to reconnect-with-scope", async ({ page, stub }) => {
    // Depop's token response does not say which scopes were granted: the app learns of the missing one from the
    // 403 of the write itself.
    await connectWithout(page, "vintage_vault", ["orders_write"]);
    const { order } = await stub.purchase(vault);
    await page.goto(`/dashboard/orders/${order.purchase_id}`);
    await page.getByLabel("Tracking number").fill("RM123456789GB");
    await page.getByLabel("Carrier").fill("Royal Mail");
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    const notice = page.getByRole("main").getByRole("alert").filter({ hasText: "A permission is missing" });
    await expect(notice).toContainText("orders_write");
    expect(await stub.shipments()).toHaveLength(0);
    await notice.getByRole("button", { name: "Reconnect with Depop" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    expect(new URL(page.url()).searchParams.get("scope")?.split("+")).toContain("orders_write");
  });

  test("the reconcile route refuses a missing or wrong bearer", async () => {
    expect((await reconcileRoute(api, null)).status()).toBe(401);
    expect((await reconcileRoute(api, "not-the-cron-secret-0123456789")).status()).toBe(401);
    expect((await api.get(RECONCILE_URL, { headers: { authorization: E2E.cronSecret } })).status()).toBe(401);
    expect(
      (await api.post(RECONCILE_URL, { headers: { authorization: `Bearer ${E2E.cronSecret}` } })).status(),
    ).not.toBe(200);
  });

  test("the orders page pages with Depop's cursor and filters by date", async ({ page, connectAs }) => {
    await connectAs("vintage_vault");
    await page.goto("/dashboard/orders?from=2026-11-20&to=2026-11-26");
    const links = page.getByRole("main").getByRole("link", { name: /^Order \d+$/ });
    await expect(links.first()).toBeVisible();
    for (const text of await page.locator(".order .meta span:first-child").allTextContents()) {
      expect(text).toMatch(/(2[0-6]) Nov 2026/);
    }
    await page.goto("/dashboard/orders?cursor=not-a-cursor");
    await expect(page.getByRole("main")).toContainText("That page is out of date");
  });

  test("Disconnect can delete the stored orders and events too", async ({ page, stub, connectAs }) => {
    await connectAs("retro_rags");
    const { order, delivery } = await stub.purchase(SELLERS.retro_rags.id);
    await expect.poll(async () => (await orderRows(order.purchase_id)).length).toBe(1);
    await page.goto("/dashboard/connection");
    await page.getByRole("link", { name: "Disconnect", exact: true }).click();
    await page.getByRole("checkbox", { name: "Also delete my stored orders and events" }).check();
    await page.getByRole("button", { name: "Disconnect my shop" }).click();
    await page.waitForURL(`${E2E.appUrl}/?notice=disconnected`);
    expect(await orderRows(order.purchase_id)).toHaveLength(0);
    expect(await eventCount(delivery.event_id)).toBe(0);
  });

  test("the stub's own page simulates a sale", async ({ page }) => {
    await page.goto(`${E2E.stubWwwUrl}/`);
    await page.getByRole("button", { name: "Simulate a sale for vintage_vault" }).click();
    await expect(page.getByRole("status")).toContainText("A signed v1:order.new went to the app");
  });
});
