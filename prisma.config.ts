import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The Prisma CLI (migrate deploy, migrate diff) for the database DATABASE_URL names: a `file:` URL is SQLite with
// prisma/schema.prisma and prisma/migrations; a postgres(ql):// URL is PostgreSQL with the generated
// prisma/postgres/schema.prisma and prisma/postgres/migrations. lib/db.ts makes the same choice for the app.
// DIRECT_DATABASE_URL, when set, is used by the CLI instead: migrations take a session-level advisory lock, which
// a transaction-mode pooler (PgBouncer, Neon's or Supabase's pooled URL) cannot give them.
const url = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL || "file:./prisma/dev.db";
process.env.DATABASE_URL = url;
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgres/migrations" : "prisma/migrations" },
  async adapter() {
    return postgres ? new PrismaPg({ connectionString: url, max: 2 }) : new PrismaBetterSQLite3({ url });
  },
});
