#!/usr/bin/env node
// Generates both Prisma clients (SQLite and PostgreSQL) from their schemas: prisma.config.ts picks the schema from
// DATABASE_URL's scheme, so each run names a URL of the right kind. Nothing connects to a database here.
import { spawnSync } from "node:child_process";

const urls = { sqlite: "file:./prisma/dev.db", postgresql: "postgresql://generate@localhost:5432/generate" };
for (const [provider, url] of Object.entries(urls)) {
  const result = spawnSync("prisma", ["generate"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, PATH: `node_modules/.bin:${process.env.PATH}` },
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${provider}`);
    process.exit(result.status ?? 1);
  }
}
console.log("Generated the Prisma clients for SQLite and PostgreSQL.");
