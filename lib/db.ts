import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { config } from "./config";
import { PrismaClient } from "./generated/prisma/client";

// One client per process; dev hot reload would otherwise open a new SQLite handle on every edit.
const globalForDb = globalThis as typeof globalThis & { depopConnectDb?: PrismaClient };

export function db(): PrismaClient {
  globalForDb.depopConnectDb ??= new PrismaClient({
    // `timeout` is SQLite's busy timeout: two app processes on one file wait for each other's writes.
    adapter: new PrismaBetterSQLite3({ url: config().databaseUrl, timeout: 5000 }),
  });
  return globalForDb.depopConnectDb;
}
