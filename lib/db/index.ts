import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { config } from "../config";
import { type Prisma, PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgres/client";
import { log } from "../log";
import { HOT_READ_ERROR, postgresRowReader, type RowReader, sqliteRowReader } from "./hot-read";

/**
 * The database client for the provider DATABASE_URL names: SQLite through better-sqlite3 (the embedded default) or
 * PostgreSQL through node-postgres. Both clients are generated from the one schema (prisma/schema.prisma), so they
 * have the same models and the rest of the app uses this one type whichever database is behind it.
 */
export type Database = PrismaClient;

// One client per process; dev hot reload would otherwise open a new handle or pool on every edit.
type Handles = { client: Database; readRow: RowReader; close: () => Promise<void> };
const globalForDb = globalThis as typeof globalThis & { depopConnectDb?: Handles };

function handles(): Handles {
  globalForDb.depopConnectDb ??= createHandles();
  return globalForDb.depopConnectDb;
}

export function db(): Database {
  return handles().client;
}

/**
 * The one row of a fixed read-only query (Prisma's `sql` template), or null, straight through the driver: for the
 * session's read on every page (lib/db/hot-read.ts). Values come as from `$queryRaw`: dates as Date, counts as numbers.
 */
export function readRow(query: Prisma.Sql): Promise<Record<string, unknown> | null> {
  return handles().readRow(query);
}

/** Closes the database (a script that is done, a test that changes DATABASE_URL); the next use opens it again. */
export async function closeDb(): Promise<void> {
  const open = globalForDb.depopConnectDb;
  globalForDb.depopConnectDb = undefined;
  await open?.close();
}

function createHandles(): Handles {
  const settings = config();
  if (settings.databaseProvider === "sqlite") {
    // `timeout` is SQLite's busy timeout: two app processes on one file wait for each other's writes.
    const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: settings.databaseUrl, timeout: 5000 }) });
    const viaPrisma: RowReader = async (query) => (await client.$queryRaw<Record<string, unknown>[]>(query))[0] ?? null;
    const reader = sqliteRowReader(settings.databaseUrl, viaPrisma);
    return {
      client,
      readRow: reader.read,
      close: async () => {
        reader.close();
        await client.$disconnect();
      },
    };
  }
  const pool = new Pool({
    connectionString: settings.databaseUrl,
    max: settings.databasePoolMax,
    // A full pool or an unreachable server fails a request within seconds (the seller sees "temporarily
    // unavailable") rather than holding it; the pool reconnects by itself once the server answers again.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
  });
  // The pool is shared with the hot read, so it reports its own idle connections' failures (Prisma's adapter would
  // only once it has connected).
  pool.on("error", (error) => log.warn("a pooled database connection failed", { error }));
  const adapter = new PrismaPg(pool, {
    onConnectionError: (error) => log.warn("a database connection failed", { error }),
  });
  // Same models, same types: the two generated clients differ only in the SQL dialect they speak.
  const client = new PostgresPrismaClient({ adapter }) as unknown as Database;
  return {
    client,
    readRow: postgresRowReader(pool),
    close: async () => {
      await client.$disconnect();
      await pool.end();
    },
  };
}

/**
 * True for a failure of the database itself (unreachable, pool exhausted, timed out, locked): the seller sees
 * "temporarily unavailable", nothing half-written stays behind (every multi-row write is one transaction), and the
 * next request tries again on a fresh connection.
 */
export function isStorageError(error: unknown): boolean {
  return (
    error instanceof Error &&
    // By name: a page's chunks can each carry their own copy of these classes, so `instanceof` would miss.
    (error.name.startsWith("PrismaClient") || error.name === "DriverAdapterError" || error.name === HOT_READ_ERROR)
  );
}

const HEALTH_TIMEOUT_MS = 3000;

/** Whether the database answers a trivial query within a few seconds (the health check). */
export async function databaseReachable(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
  });
  const probe = db().$queryRaw`SELECT 1`.then(() => true).catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
