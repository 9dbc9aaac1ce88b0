import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";

// The committed migrations of each provider must build exactly the schema prisma/schema.prisma describes, and the
// PostgreSQL schema must be the one generated from it: otherwise `npm test` fails here.

const prisma = (args: string[], databaseUrl: string) =>
  spawnSync("node_modules/.bin/prisma", args, {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });

describe("PostgreSQL schema", () => {
  it("is generated from prisma/schema.prisma and up to date", () => {
    expect(() => execFileSync(process.execPath, ["scripts/db-schema.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("the committed migrations build exactly the schema (no drift)", async () => {
    const { adminUrl } = inject("postgres");
    const name = `drift_${randomUUID().replace(/-/g, "")}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const diff = prisma(
      [
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/postgres/migrations",
        "--to-schema-datamodel",
        "prisma/postgres/schema.prisma",
        "--exit-code",
      ],
      url.href,
    );
    expect(diff.stdout + diff.stderr).toContain("No difference detected");
    expect(diff.status).toBe(0);
  });
});
