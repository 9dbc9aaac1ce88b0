import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";

/** Which database the unit tests of this Vitest project run on (vitest.config.mts sets it per project). */
export const testProvider = process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

/** A fresh, migrated database of the provider under test, as a DATABASE_URL. */
export async function freshDatabaseUrl(): Promise<string> {
  if (testProvider === "postgresql") {
    const { adminUrl, template } = inject("postgres");
    const name = `unit_${randomUUID().replace(/-/g, "")}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await client.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.href;
  }
  const file = join(mkdtempSync(join(tmpdir(), "depop-connect-unit-")), "unit.db");
  const sqlite = new Database(file);
  for (const name of readdirSync(join("prisma", "migrations"))
    .filter((entry) => /^\d/.test(entry))
    .sort()) {
    sqlite.exec(readFileSync(join("prisma", "migrations", name, "migration.sql"), "utf8"));
  }
  sqlite.close();
  return `file:${file}`;
}

/**
 * The environment a database unit test runs the real code in: a fresh migrated database, a client, a session
 * secret and two token keys (the new one first, as during a rotation), and optionally a fake Depop. Call it before
 * the code under test first reads its configuration.
 */
export async function unitEnvironment(depopApiUrl?: string): Promise<{ oldKey: Buffer; newKey: Buffer }> {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  Object.assign(process.env, {
    DATABASE_URL: await freshDatabaseUrl(),
    DEPOP_CLIENT_ID: "client-unit",
    DEPOP_CLIENT_SECRET: "secret-unit",
    ...(depopApiUrl ? { DEPOP_API_URL: depopApiUrl } : {}),
    SESSION_SECRET: "x".repeat(40),
    TOKEN_ENCRYPTION_KEY: `${newKey.toString("base64")},${oldKey.toString("base64")}`,
  });
  return { oldKey, newKey };
}
