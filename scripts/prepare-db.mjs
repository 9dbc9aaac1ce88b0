#!/usr/bin/env node
// Before `prisma migrate deploy`:
// - SQLite creates a missing database file but not a missing folder, so make the folder of DATABASE_URL's file
//   (default file:./prisma/dev.db) exist;
// - switch the file to write-ahead logging (persistent, once per file): readers are never blocked by a writer,
//   which matters when several app workers share the file, and a commit costs one sync instead of several.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
if (url.startsWith("file:")) {
  const path = url.slice("file:".length).replace(/\?.*$/, "");
  if (path && path !== ":memory:") {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    const db = new Database(resolve(path), { timeout: 5000 });
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
  }
}
