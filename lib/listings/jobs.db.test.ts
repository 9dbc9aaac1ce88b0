import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { unitEnvironment } from "../../test/database";
import { config } from "../config";
import { encrypt } from "../crypto";
import { closeDb, db } from "../db";
import { createListingJob, getListingJob, resumeListingJobs, retryFailedItems, runListingJob } from "./jobs";

vi.mock("next/headers", async () => (await import("../../test/next-headers")).nextHeaders);

// The real job code on a real database (SQLite or PostgreSQL, per Vitest project); Depop is a local server that
// counts the writes per listing and can refuse one.
const patches = new Map<number, string[]>();
const refuse = new Set<number>();
const fakeServer = createServer((request, response) => {
  const match = /^\/api\/v1\/products\/by-product-id\/(\d+)\/$/.exec(request.url ?? "");
  const id = Number(match?.[1]);
  if (!match || request.headers.authorization !== "Bearer pat_unit") {
    response.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"code":"not_found"}]}');
    return;
  }
  if (request.method === "GET") {
    const product = {
      product_id: id,
      slug: `thing-${id}`,
      status: "STATUS_ONSALE",
      description: "A thing",
      price_currency: "GBP",
      price_amount: "20.00",
      pictures: [],
    };
    // Slow enough that two runs overlap.
    setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(product)), 20);
    return;
  }
  let body = "";
  request.on("data", (chunk: Buffer) => {
    body += chunk.toString("utf8");
  });
  request.on("end", () => {
    if (refuse.delete(id)) {
      response
        .writeHead(422, { "content-type": "application/json" })
        .end(JSON.stringify({ id: randomUUID(), errors: [{ code: "invalid_price", message: "price_amount: no" }] }));
      return;
    }
    patches.set(id, [...(patches.get(id) ?? []), (JSON.parse(body) as { price_amount: string }).price_amount]);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
await new Promise<void>((resolve) => fakeServer.listen(0, "127.0.0.1", resolve));
await unitEnvironment(`http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`);

afterAll(async () => {
  await closeDb();
  await new Promise((resolve) => fakeServer.close(resolve));
});

async function seedSeller(): Promise<string> {
  const sellerId = randomUUID();
  await db().seller.create({
    data: { id: sellerId, depopShopId: String(Math.floor(Math.random() * 1e9)), username: "unit", countryCode: "GB" },
  });
  await db().connection.create({
    data: {
      sellerId,
      accessTokenSealed: encrypt("pat_unit", `${sellerId}/access`, config().tokenKeys),
      refreshTokenSealed: encrypt("prt_unit", `${sellerId}/refresh`, config().tokenKeys),
      accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
      refreshTokenExpiresAt: new Date(Date.now() + 365 * 86_400_000),
      scopes: "shop_read products_read products_write",
      connectedAt: new Date(),
    },
  });
  return sellerId;
}

describe("bulk listing jobs", () => {
  it("two runs of one job at once send each listing's write exactly once", async () => {
    const sellerId = await seedSeller();
    const ids = Array.from({ length: 12 }, (_, index) => 500_000 + index);
    const jobId = await createListingJob(sellerId, "price", ids, { kind: "percent", value: -10 });
    await Promise.all([runListingJob(jobId), runListingJob(jobId), resumeListingJobs()]);
    for (const id of ids) expect(patches.get(id)).toEqual(["18.00"]);
    const job = await getListingJob(sellerId, jobId);
    expect(job?.status).toBe("finished");
    expect(job?.counts).toEqual({ total: 12, done: 12, failed: 0, left: 0 });
    expect(job?.items[0]?.detail).toBe("20.00 18.00");
  });

  it("a refused listing fails with our code, and a retry sends the price worked out the first time", async () => {
    const sellerId = await seedSeller();
    refuse.add(600_001);
    const jobId = await createListingJob(sellerId, "price", [600_000, 600_001], { kind: "amount", cents: -250 });
    await runListingJob(jobId);
    let job = await getListingJob(sellerId, jobId);
    expect(job?.items.map((item) => [item.status, item.error])).toEqual([
      ["done", null],
      ["failed", "rejected"],
    ]);
    expect(await retryFailedItems(sellerId, jobId)).toBe(true);
    await runListingJob(jobId);
    job = await getListingJob(sellerId, jobId);
    expect(job?.counts).toEqual({ total: 2, done: 2, failed: 0, left: 0 });
    expect(patches.get(600_001)).toEqual(["17.50"]);
  });

  it("a job is only its own seller's: another seller cannot read or retry it", async () => {
    const owner = await seedSeller();
    const other = await seedSeller();
    const jobId = await createListingJob(owner, "mark_sold", [700_000]);
    expect(await getListingJob(other, jobId)).toBeNull();
    expect(await retryFailedItems(other, jobId)).toBe(false);
    expect(await getListingJob(owner, "not-a-job")).toBeNull();
  });
});
