import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgres/client";
import { log } from "../log";

/**
 * The database client for the provider DATABASE_URL names: SQLite through better-sqlite3 (the embedded default) or
 * PostgreSQL through node-postgres. Both clients are generated from the one schema (prisma/schema.prisma), so they
 * have the same models and the rest of the app uses this one type whichever database is behind it.
 */
export type Database = PrismaClient;

// One client per process; dev hot reload would otherwise open a new handle or pool on every edit.
const globalForDb = globalThis as typeof globalThis & { depopConnectDb?: Database };

export function db(): Database {
  globalForDb.depopConnectDb ??= createClient();
  return globalForDb.depopConnectDb;
}

function createClient(): Database {
  const settings = config();
  if (settings.databaseProvider === "sqlite") {
    // `timeout` is SQLite's busy timeout: two app processes on one file wait for each other's writes.
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: settings.databaseUrl, timeout: 5000 }) });
  }
  const adapter = new PrismaPg(
    {
      connectionString: settings.databaseUrl,
      max: settings.databasePoolMax,
      // A full pool or an unreachable server fails a request within seconds (the seller sees "temporarily
      // unavailable") rather than holding it; the pool reconnects by itself once the server answers again.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 10_000,
    },
    {
      onPoolError: (error) => log.warn("a pooled database connection failed", { error }),
      onConnectionError: (error) => log.warn("a database connection failed", { error }),
    },
  );
  // Same models, same types: the two generated clients differ only in the SQL dialect they speak.
  return new PostgresPrismaClient({ adapter }) as unknown as Database;
}

/**
 * True for a failure of the database itself (unreachable, pool exhausted, timed out, locked): the seller sees
 * "temporarily unavailable", nothing half-written stays behind (every multi-row write is one transaction), and the
 * next request tries again on a fresh connection.
 */
export function isStorageError(error: unknown): boolean {
  return error instanceof Error && (error.name.startsWith("PrismaClient") || error.name === "DriverAdapterError");
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
