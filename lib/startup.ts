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
