import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { unitEnvironment } from "../../test/database";
import { config } from "../config";
import { encrypt, keyId } from "../crypto";
import { closeDb, db } from "../db";
import { parseWebhookEnvelope } from "../webhooks/signature";
import {
  countLikes,
  countPendingShipments,
  deleteSellerData,
  listStoredOrders,
  MAX_ATTEMPTS,
  processDueEvents,
  processEvent,
  purgeExpiredData,
  reconcileSeller,
  reencryptStoredData,
  storeEvent,
} from ".";

vi.mock("next/headers", async () => (await import("../../test/next-headers")).nextHeaders);

// The real code on a real database (SQLite or PostgreSQL, per Vitest project); Depop's order list is a local server.
let listed: unknown[] = [];
let listCalls = 0;
const fakeServer = createServer((request, response) => {
  listCalls++;
  const url = new URL(request.url ?? "/", "http://depop.test");
  if (url.pathname !== "/api/v1/orders/" || request.headers.authorization !== "Bearer pat_unit") {
    response.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"code":"not_found"}]}');
    return;
  }
  // Slow enough that two runs overlap.
  setTimeout(() => {
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ meta: { cursor: "", has_more: false }, data: listed }));
  }, 150);
});
await new Promise<void>((resolve) => fakeServer.listen(0, "127.0.0.1", resolve));
const { oldKey, newKey } = await unitEnvironment(`http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`);

afterAll(async () => {
  await closeDb();
  await new Promise((resolve) => fakeServer.close(resolve));
});

async function seedSeller(scopes = "shop_read products_read orders_read") {
  const sellerId = randomUUID();
  const shopId = Math.floor(Math.random() * 1e9);
  await db().seller.create({
    data: { id: sellerId, depopShopId: String(shopId), username: "unit", countryCode: "GB" },
  });
  await db().connection.create({
    data: {
      sellerId,
      accessTokenSealed: encrypt("pat_unit", `${sellerId}/access`, config().tokenKeys),
      refreshTokenSealed: encrypt("prt_unit", `${sellerId}/refresh`, config().tokenKeys),
      accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
      refreshTokenExpiresAt: new Date(Date.now() + 365 * 86_400_000),
      scopes,
      connectedAt: new Date(),
    },
  });
  return { sellerId, shopId };
}

const orderOf = (shopId: number, purchaseId: string, status = "SHIPPING_PENDING") => ({
  seller_id: shopId,
  purchase_id: purchaseId,
  status,
  currency: "GBP",
  buyer_pays_amount: "20.00",
  seller_receives_amount: "18.00",
  buyer_address: { name: "Alex Morgan", address_line_1: "12 Rose Street", city: "Leeds" },
  line_items: [{ product_id: 1, slug: "thing-1", parcel_id: randomUUID() }],
  created_at: new Date().toISOString(),
});

function envelope(eventType: string, data: Record<string, unknown>, id = `evt_${randomUUID()}`) {
  const body = Buffer.from(JSON.stringify({ id, event_type: eventType, created_at: new Date().toISOString(), data }));
  const parsed = parseWebhookEnvelope(body);
  if (!parsed) throw new Error("test envelope did not parse");
  return { parsed, body, id };
}

const eventRow = (id: string) => db().webhookEvent.findUniqueOrThrow({ where: { id } });
const purchaseId = () => String(Math.floor(Math.random() * 1e12));

describe("webhook events", () => {
  it("are stored once by id, however many deliveries arrive at once", async () => {
    const { shopId } = await seedSeller();
    const event = envelope("v1:order.new", orderOf(shopId, purchaseId()));
    const stored = await Promise.all(Array.from({ length: 8 }, () => storeEvent(event.parsed, event.body)));
    expect(stored.filter(Boolean)).toHaveLength(1);
    expect(await db().webhookEvent.count({ where: { id: event.id } })).toBe(1);
  });

  it("seal the payload: the buyer's name is not in the row", async () => {
    const { shopId } = await seedSeller();
    const event = envelope("v1:order.new", orderOf(shopId, purchaseId()));
    await storeEvent(event.parsed, event.body);
    const row = await eventRow(event.id);
    expect(row.payloadSealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("Alex Morgan");
  });

  it("are handled once: the order is recorded (sealed) and counted as waiting to be shipped", async () => {
    const { sellerId, shopId } = await seedSeller();
    const id = purchaseId();
    const event = envelope("v1:order.new", orderOf(shopId, id));
    await storeEvent(event.parsed, event.body);
    const outcomes = await Promise.all([processEvent(event.id), processEvent(event.id), processEvent(event.id)]);
    expect(outcomes.filter((outcome) => outcome === "done")).toHaveLength(1);
    expect((await eventRow(event.id)).status).toBe("done");
    expect(await countPendingShipments(sellerId)).toBe(1);
    const [stored] = await listStoredOrders(sellerId);
    expect(stored?.order.purchase_id).toBe(id);
    const raw = await db().order.findFirstOrThrow({ where: { sellerId } });
    expect(raw.detailsSealed).not.toContain("Alex Morgan");
  });

  it("a refund that overtakes its order waits, and is handled when the order arrives", async () => {
    const { sellerId, shopId } = await seedSeller();
    const id = purchaseId();
    const refund = envelope("v1:order.refund", { purchase_id: id, refunded_by: "buyer" });
    await storeEvent(refund.parsed, refund.body);
    expect(await processEvent(refund.id)).toBe("retry");
    expect((await eventRow(refund.id)).lastError).toBe("order_unknown");
    const order = envelope("v1:order.new", orderOf(shopId, id));
    await storeEvent(order.parsed, order.body);
    expect(await processEvent(order.id)).toBe("done");
    const after = await eventRow(refund.id);
    expect(after.status).toBe("done");
    expect(after.sellerId).toBe(sellerId);
    expect(await countPendingShipments(sellerId)).toBe(0);
    expect((await db().order.findFirstOrThrow({ where: { sellerId } })).status).toBe("REFUNDED");
  });

  it("go dead after the last attempt, or at once when retrying cannot help", async () => {
    const { sellerId, shopId } = await seedSeller();
    const broken = envelope("v1:order.new", { seller_id: shopId, purchase_id: "1" });
    await storeEvent(broken.parsed, broken.body);
    expect(await processEvent(broken.id)).toBe("dead");
    expect((await eventRow(broken.id)).lastError).toBe("invalid_order");
    const refund = envelope("v1:order.refund", { purchase_id: purchaseId() });
    await storeEvent(refund.parsed, refund.body);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await processEvent(refund.id)).toBe("retry");
      await db().webhookEvent.update({ where: { id: refund.id }, data: { nextAttemptAt: new Date(0) } });
    }
    expect(await processDueEvents()).toMatchObject({ dead: 1 });
    expect((await eventRow(refund.id)).status).toBe("dead");
    expect((await db().webhookEvent.findMany({ where: { sellerId, status: "dead" } })).map((e) => e.id)).toEqual([
      broken.id,
    ]);
  });

  it("count likes, store unknown types, and keep id, type and time after the retention period", async () => {
    const { sellerId, shopId } = await seedSeller();
    for (const type of ["v1:product.like", "v1:product.like", "v1:product.unlike", "v9:something.else"]) {
      const event = envelope(type, { seller_id: shopId, product_id: 5, sku: null, slug: "x-5", liker_id: 1 });
      await storeEvent(event.parsed, event.body);
      expect(await processEvent(event.id)).toBe("done");
    }
    expect(await countLikes(sellerId)).toBe(1);
    await db().webhookEvent.updateMany({
      where: { sellerId },
      data: { receivedAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect((await purgeExpiredData(30)).events).toBeGreaterThanOrEqual(4);
    const rows = await db().webhookEvent.findMany({ where: { sellerId } });
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.payloadSealed).toBeNull();
      expect(row.eventType).toMatch(/^v\d:/);
    }
  });
});

describe("reconciliation", () => {
  it("records the orders no webhook brought, once, even when two runs overlap", async () => {
    const { sellerId, shopId } = await seedSeller();
    listed = [
      orderOf(shopId, purchaseId()),
      orderOf(shopId, purchaseId(), "SHIPPED"),
      orderOf(shopId + 1, purchaseId()),
    ];
    const scopes = ["orders_read"];
    const [first, second] = await Promise.all([reconcileSeller(sellerId, scopes), reconcileSeller(sellerId, scopes)]);
    expect([first.outcome, second.outcome].sort()).toEqual(["busy", "ok"]);
    expect(first.recovered + second.recovered).toBe(2);
    expect(await db().order.count({ where: { sellerId } })).toBe(2);
    expect(await countPendingShipments(sellerId)).toBe(1);
    const again = await reconcileSeller(sellerId, scopes);
    expect(again).toEqual({ outcome: "ok", recovered: 0 });
    expect((await db().orderSync.findUniqueOrThrow({ where: { sellerId } })).syncedUntil).toBeInstanceOf(Date);
  });

  it("skips a seller without orders_read without calling Depop", async () => {
    const { sellerId } = await seedSeller("shop_read products_read");
    const calls = listCalls;
    expect(await reconcileSeller(sellerId, ["shop_read", "products_read"])).toEqual({
      outcome: "missing_scope",
      recovered: 0,
    });
    expect(listCalls).toBe(calls);
  });
});

describe("stored data", () => {
  it("is re-encrypted under the current key by keys:rotate, and deleted on request", async () => {
    const { sellerId, shopId } = await seedSeller();
    const event = envelope("v1:order.new", orderOf(shopId, purchaseId()));
    await storeEvent(event.parsed, event.body);
    await processEvent(event.id);
    const oldSealed = encrypt("{}", `event/${event.id}`, [oldKey]);
    await db().webhookEvent.update({ where: { id: event.id }, data: { payloadSealed: oldSealed } });
    const result = await reencryptStoredData();
    expect(result.reencrypted).toBeGreaterThanOrEqual(1);
    expect((await eventRow(event.id)).payloadSealed?.split(".")[1]).toBe(keyId(newKey));
    await deleteSellerData(sellerId);
    expect(await db().webhookEvent.count({ where: { sellerId } })).toBe(0);
    expect(await db().order.count({ where: { sellerId } })).toBe(0);
  });
});
