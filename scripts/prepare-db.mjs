#!/usr/bin/env node
// Before `prisma migrate deploy` on SQLite: SQLite creates a missing database file but not a missing folder, and it
// would create the file readable by everyone. Make the folder of DATABASE_URL's file (default file:./prisma/dev.db)
// exist, and create a missing file empty (a valid empty database) and readable by its owner only. Nothing to do
// for PostgreSQL.
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
if (url.startsWith("file:")) {
  const path = url.slice("file:".length).replace(/\?.*$/, "");
  if (path && path !== ":memory:") {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    try {
      closeSync(openSync(resolve(path), "wx", 0o600));
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
  }
}
