import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// The committed migrations of each provider must build exactly the schema prisma/schema.prisma describes, and the
// PostgreSQL schema must be the one generated from it: otherwise `npm test` fails here.

const prisma = (args: string[], databaseUrl: string) =>
  spawnSync("node_modules/.bin/prisma", args, {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });

describe("SQLite schema", () => {
  /** Every table's columns, indexes and foreign keys, as SQLite reports them. */
  function catalog(file: string) {
    const sqlite = new Database(file, { readonly: true });
    try {
      const tables = sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name",
        )
        .all() as { name: string }[];
      return tables.map(({ name }) => ({
        name,
        // By name: a column added by a later migration comes last, which is no difference.
        columns: (sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { cid: number; name: string }[])
          .map(({ cid: _, ...column }) => column)
          .sort((a, b) => a.name.localeCompare(b.name)),
        indexes: (sqlite.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
          .map((index) => ({ ...index, columns: sqlite.prepare(`PRAGMA index_info("${index.name}")`).all() }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        foreignKeys: sqlite.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
      }));
    } finally {
      sqlite.close();
    }
  }

  it("the committed migrations build exactly the schema (no drift)", () => {
    const directory = mkdtempSync(join(tmpdir(), "depop-connect-drift-"));
    const migrated = join(directory, "migrated.db");
    const fromSchema = join(directory, "schema.db");
    const sqlite = new Database(migrated);
    for (const name of readdirSync("prisma/migrations")
      .filter((entry) => /^\d/.test(entry))
      .sort()) {
      sqlite.exec(readFileSync(join("prisma/migrations", name, "migration.sql"), "utf8"));
    }
    sqlite.close();
    const script = prisma(
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      `file:${fromSchema}`,
    );
    expect(script.status).toBe(0);
    const expected = new Database(fromSchema);
    expected.exec(script.stdout);
    expected.close();
    expect(catalog(migrated)).toEqual(catalog(fromSchema));
  });
});
