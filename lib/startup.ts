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

/** Opens the database and compiles the hot read paths; a database that is down now only delays its first use. */
export async function warmUp(): Promise<void> {
  try {
    const { db } = await import("./db");
    await Promise.all([
      db().$queryRaw`SELECT 1`,
      db().session.findUnique({ where: { id: "warm-up" }, select: { sellerId: true } }),
    ]);
  } catch {
    // Nothing to do: pages say "temporarily unavailable" until the database answers.
  }
}
