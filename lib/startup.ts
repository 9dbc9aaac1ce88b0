import "server-only";
import { ConfigError, config } from "./config";

/** Parses the configuration at start-up; on a problem prints which variables are wrong (never their values). */
export function checkConfigOrExit(): void {
  try {
    config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Plain text on purpose: an operator reads this once, and it names variables, never values.
    console.error(`depop-connect cannot start.\n${error.message}`);
    process.exit(1);
  }
}

/**
 * Opens the database (on PostgreSQL every pooled connection) and compiles the hot read paths; a database that is
 * down now only delays its first use.
 */
export async function warmUp(): Promise<void> {
  try {
    const [{ db }, { warmUpSessionRead }] = await Promise.all([import("./db"), import("./sessions")]);
    const settings = config();
    // On PostgreSQL, every connection of the pool (DATABASE_POOL_MAX): the first burst of requests would otherwise
    // open them (a connect, the server's new backend, authentication) while sellers wait.
    const connections = settings.databaseProvider === "postgresql" ? settings.databasePoolMax : 1;
    await Promise.all([
      db().session.findUnique({ where: { id: "warm-up" }, select: { sellerId: true } }),
      // Every page's read, which goes straight to the driver: its handle (SQLite) and its statement.
      warmUpSessionRead(),
      ...Array.from({ length: connections }, () => db().$queryRaw`SELECT 1`),
    ]);
  } catch {
    // Nothing to do: pages say "temporarily unavailable" until the database answers.
  }
}
