#!/usr/bin/env node
// Before `prisma migrate deploy`: SQLite creates a missing database file but not a missing folder, so make the
// folder of DATABASE_URL's file (default file:./prisma/dev.db) exist.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
if (url.startsWith("file:")) {
  const path = url.slice("file:".length).replace(/\?.*$/, "");
  if (path && path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
}
