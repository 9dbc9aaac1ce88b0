import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { testProvider, unitEnvironment } from "../test/database";

// What a server process does before it serves (instrumentation.ts): open the database, on PostgreSQL the whole pool.

/** The memoised client lives on globalThis (lib/db); a test that changes DATABASE_URL needs a new one. */
const forgetClient = async () => {
  const { closeDb } = await import("./db");
  await closeDb();
};

describe("the start-up warm-up", () => {
  it("opens the database before the first request: on PostgreSQL every connection of the pool", async () => {
    await unitEnvironment();
    process.env.DATABASE_POOL_MAX = "3";
    vi.resetModules();
    await forgetClient();
    const { warmUp } = await import("./startup");
    await warmUp();

    if (testProvider === "postgresql") {
      const probe = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await probe.connect();
      try {
        const { rows } = await probe.query<{ open: number }>(
          "SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        );
        // Three open connections, waiting for the first sellers; not one more than DATABASE_POOL_MAX.
        expect(rows[0]?.open).toBe(3);
      } finally {
        await probe.end();
      }
    } else {
      const { db } = await import("./db");
      expect(await db().session.count()).toBe(0);
    }
  });

  it("a database that cannot be reached does not stop the start-up: it resolves, and pages report it later", async () => {
    await unitEnvironment();
    process.env.DATABASE_URL =
      testProvider === "postgresql"
        ? "postgresql://nobody:nothing@127.0.0.1:1/nowhere"
        : "file:/nonexistent-directory/depop-connect/app.db";
    vi.resetModules();
    await forgetClient();
    const { warmUp } = await import("./startup");
    await expect(warmUp()).resolves.toBeUndefined();
  });
});
