// Before `npm start` (and Vercel's build) touches anything: the production configuration must be complete. One
// message that lists every missing or malformed variable (names only, never values), then exit; no migration runs
// and no worker starts on a configuration that cannot serve.
import { ConfigError, parseConfig } from "../lib/config";

try {
  parseConfig(process.env, true);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(
    `depop-connect cannot start.\n${error.message}\nSee the configuration table in README.md, or .env.example.`,
  );
  process.exit(1);
}
