import "server-only";
import Sqlite from "better-sqlite3";
import { type Pool, type QueryResultRow, TypeOverrides } from "pg";
import type { Prisma } from "../generated/prisma/client";

/**
 * The hottest read in the app (the session's, on every page) goes straight to the database driver rather than
 * through Prisma's client: the same SQL, but without the client's query pipeline, which cost 0.5–0.9 ms of CPU per
 * dashboard on a busy SQLite server (docs/benchmarks/levers/hot-read-driver-ab.txt). Everything else, and every
 * write, stays on Prisma. A reader is one fixed, parameterised statement written with Prisma's `sql` template (so both dialects come
 * from one text) that returns at most one row, with values as Prisma's raw queries give them: dates as Date, counts
 * as numbers.
 */
export type RowReader = (query: Prisma.Sql) => Promise<Record<string, unknown> | null>;

export const HOT_READ_ERROR = "HotReadError";

/** A failure of the database itself on PostgreSQL's hot read: pages say "temporarily unavailable" (isStorageError). */
export class HotReadError extends Error {
  override name = HOT_READ_ERROR;
}

/**
 * SQLite: a read-only handle of its own on the database file, each statement prepared once. It never waits for a
 * lock, and never reports a failure itself: a read that meets a lock (another process committing, or a transaction
 * of this one holding the file) or any other trouble is handed to `fallback` (Prisma's connection, which waits its
 * turn and fails as every other query does), so this handle can never hold up the process's own writer.
 */
export function sqliteRowReader(databaseUrl: string, fallback: RowReader): { read: RowReader; close: () => void } {
  let handle: Sqlite.Database | null = null;
  const statements = new Map<string, Prepared>();
  const close = () => {
    statements.clear();
    handle?.close();
    handle = null;
  };
  const read: RowReader = async (query) => {
    let prepared = statements.get(query.sql);
    try {
      if (!prepared) {
        handle ??= new Sqlite(databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true, timeout: 0 });
        prepared = prepare(handle, query.sql);
        statements.set(query.sql, prepared);
      }
      const row = prepared.statement.get(...query.values) as Record<string, unknown> | undefined;
      if (row === undefined) return null;
      for (const column of prepared.dateColumns) {
        const value = row[column];
        if (typeof value === "string" || typeof value === "number") row[column] = new Date(value);
      }
      return row;
    } catch {
      // A handle that could not open (the file not there yet) or prepare is opened again on a later read.
      if (!prepared) close();
      return fallback(query);
    }
  };
  return { read, close };
}

type Prepared = { statement: Sqlite.Statement; dateColumns: string[] };

/** Prisma stores DateTime in SQLite as ISO 8601 text (or milliseconds): columns declared DATETIME come back as Date. */
function prepare(handle: Sqlite.Database, sql: string): Prepared {
  const statement = handle.prepare(sql);
  const dateColumns = statement
    .columns()
    .filter((column) => column.type === "DATETIME")
    .map((column) => column.name);
  return { statement, dateColumns };
}

// PostgreSQL's text forms of Prisma's column types, parsed as Prisma's adapter parses them: `timestamp(3)` holds UTC
// without a zone (pg would read it as local time), and COUNT(*) is an int8 (pg gives a string).
const postgresTypes = new TypeOverrides();
postgresTypes.setTypeParser(1114, "text", (text: string) => new Date(`${text.replace(" ", "T")}Z`));
postgresTypes.setTypeParser(20, "text", (text: string) => Number(text));

/** PostgreSQL: the pool Prisma's adapter uses, one unnamed statement per read (safe behind a transaction pooler). */
export function postgresRowReader(pool: Pool): RowReader {
  return async (query) => {
    try {
      const result = await pool.query<QueryResultRow>({ text: query.text, values: query.values, types: postgresTypes });
      return result.rows[0] ?? null;
    } catch (error) {
      throw new HotReadError("the database could not be read", { cause: error });
    }
  };
}
