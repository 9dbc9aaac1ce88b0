import { randomUUID } from "node:crypto";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testProvider, unitEnvironment } from "../../test/database";

// The session's read goes straight to the driver (lib/db/hot-read.ts): it must give what Prisma's $queryRaw gives.

await unitEnvironment();
const { closeDb, db, readRow } = await import(".");
const { Prisma } = await import("../generated/prisma/client");

afterAll(() => closeDb());

const lastSeenAt = new Date("2026-03-29T00:30:00.123Z"); // in the hour clocks jump in Europe
const expiresAt = new Date("2026-10-25T01:30:00.456Z");

async function sessionWithOrders(pending: number) {
  const sellerId = randomUUID();
  const id = randomUUID();
  await db().seller.create({
    data: { id: sellerId, depopShopId: String(Math.floor(Math.random() * 1e12)), username: "hot", countryCode: "GB" },
  });
  await db().session.create({
    data: { id, sellerId, lastSeenAt, expiresAt, createdAt: lastSeenAt, browser: "Firefox on Linux" },
  });
  for (let i = 0; i < pending; i++) {
    await db().order.create({
      data: {
        sellerId,
        purchaseId: randomUUID(),
        status: "SHIPPING_PENDING",
        orderCreatedAt: lastSeenAt,
        source: "webhook",
        receivedAt: lastSeenAt,
        updatedAt: lastSeenAt,
      },
    });
  }
  return { id, sellerId };
}

/** A second connection of its own, outside the app's. */
async function openWriter(): Promise<{ run: (sql: string) => Promise<void>; close: () => Promise<void> }> {
  const url = process.env.DATABASE_URL ?? "";
  if (testProvider === "sqlite") {
    const handle = new Sqlite(url.replace(/^file:/, ""));
    return {
      run: async (sql) => {
        handle.exec(sql);
      },
      close: async () => {
        if (handle.inTransaction) handle.exec("ROLLBACK");
        handle.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    run: async (sql) => {
      await client.query(sql);
    },
    close: () => client.end(),
  };
}

const sessionQuery = (id: string) => Prisma.sql`
  SELECT se."sellerId", se."lastSeenAt", se."expiresAt",
    (SELECT COUNT(*) FROM "Order" o WHERE o."sellerId" = se."sellerId" AND o."status" = ${"SHIPPING_PENDING"}) AS "pending"
  FROM "Session" se WHERE se."id" = ${id} LIMIT 1`;

describe(`the hot read (${testProvider})`, () => {
  it("gives dates as the instants stored and counts as numbers, whatever the process's time zone", async () => {
    const { id, sellerId } = await sessionWithOrders(2);
    const zone = process.env.TZ;
    // pg would read a zone-less timestamp as local time; Prisma stores UTC.
    process.env.TZ = "Europe/London";
    try {
      const row = await readRow(sessionQuery(id));
      expect(row).toEqual({ sellerId, lastSeenAt, expiresAt, pending: 2 });
      // The same as through Prisma (which gives a bigint for the count on PostgreSQL).
      const [viaPrisma] = await db().$queryRaw<Record<string, unknown>[]>(sessionQuery(id));
      expect(row).toEqual({ ...viaPrisma, pending: Number(viaPrisma?.pending) });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("answers null when there is no row", async () => {
    expect(await readRow(sessionQuery("no-such-session"))).toBeNull();
  });

  it("reads committed data while another connection is in the middle of a write", async () => {
    const { id, sellerId } = await sessionWithOrders(0);
    await readRow(sessionQuery(id));
    const writer = await openWriter();
    try {
      await writer.run("BEGIN");
      await writer.run(`DELETE FROM "Session" WHERE "id" = '${id}'`);
      expect(await readRow(sessionQuery(id))).toMatchObject({ sellerId, pending: 0 });
      await writer.run("COMMIT");
      expect(await readRow(sessionQuery(id))).toBeNull();
    } finally {
      await writer.close();
    }
  });
});
