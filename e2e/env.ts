import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The one place that says how the e2e app and stub are wired together (ports, client, secrets). E2E_PORT_OFFSET
 * moves every port (and the PostgreSQL directory), so two checkouts can run their suites side by side.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const port = (base: number) => base + offset;
const appPort = port(3100);
/** A second `next start` on the same database: two app processes, as on a scaled deployment. */
const secondAppPort = port(3101);
const stubWwwPort = port(4110);
const stubApiPort = port(4111);
const host = "127.0.0.1";

const appUrl = `http://localhost:${appPort}`;

/**
 * Which database this run's app uses: `npm run test:e2e` runs the suite on SQLite, then its core specs again with
 * E2E_DATABASE=postgresql on a throwaway PostgreSQL cluster that the run starts itself (e2e/postgres-server.ts).
 */
const database: "sqlite" | "postgresql" = process.env.E2E_DATABASE === "postgresql" ? "postgresql" : "sqlite";
// Below Linux's ephemeral range (32768-60999): a port in it can be taken by any process's outgoing connection or
// `listen(0)` (npm start's warm-up listens on one) just before the cluster or its ready signal binds it.
const postgres = {
  port: port(25429),
  readyPort: port(25430),
  directory: join(tmpdir(), `depop-connect-e2e-pg${offset ? `-${offset}` : ""}`),
  name: "depop_connect",
};
const postgresUrl = `postgresql://postgres@127.0.0.1:${postgres.port}/${postgres.name}`;
const clientId = "depop-connect-e2e";
const webhookSecret = "e2e-webhook-secret-0123456789abcdef";
const cronSecret = "e2e-cron-secret-0123456789abcdef";
const clientSecret = "e2e-client-secret-0123456789abcdef";

export const E2E = {
  /** A port for a spec's own extra server (3111, 3198, …), moved by E2E_PORT_OFFSET like the others. */
  port,
  appUrl,
  secondAppUrl: `http://localhost:${secondAppPort}`,
  secondAppPort,
  stubWwwUrl: `http://${host}:${stubWwwPort}`,
  stubApiUrl: `http://${host}:${stubApiPort}`,
  database,
  databaseFile: ".e2e/db/app.db",
  postgres: { ...postgres, url: postgresUrl },
  webhookSecret,
  cronSecret,
  stubEnv: {
    STUB_HOST: host,
    STUB_WWW_PORT: String(stubWwwPort),
    STUB_API_PORT: String(stubApiPort),
    STUB_CLIENT_ID: clientId,
    STUB_CLIENT_SECRET: clientSecret,
    STUB_REDIRECT_URIS: `${appUrl}/api/depop/callback`,
    STUB_WEBHOOK_URL: `${appUrl}/api/depop/webhooks`,
    STUB_WEBHOOK_SECRET: webhookSecret,
  },
  appEnv: {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(appPort),
    APP_URL: appUrl,
    DEPOP_CLIENT_ID: clientId,
    DEPOP_CLIENT_SECRET: clientSecret,
    DEPOP_AUTHORIZE_URL: `http://${host}:${stubWwwPort}/settings/oauth/apps/`,
    DEPOP_API_URL: `http://${host}:${stubApiPort}`,
    // The documented minimum is `shop_read products_read`; the suite also asks for the order scopes (a seller
    // can untick them on the stub's consent page, which the missing-scope tests do).
    DEPOP_SCOPES: "shop_read products_read products_write orders_read orders_write",
    DEPOP_HTTP_TIMEOUT_MS: "3000",
    SESSION_SECRET: "e2e-session-secret-that-is-long-enough-0123456789",
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    DATABASE_URL: database === "postgresql" ? postgresUrl : "file:./.e2e/db/app.db",
    // The suite connects many sellers from one address; the limit's own test uses addresses of its own.
    CALLBACK_RATE_LIMIT: "300",
    DEPOP_WEBHOOK_SECRET: webhookSecret,
    CRON_SECRET: cronSecret,
  },
};

/**
 * Debian's Chromium where it exists (Playwright cannot download browsers here); PLAYWRIGHT_CHROMIUM_PATH overrides
 * it, and elsewhere Playwright's own browser is used. The flags keep Chromium off the (closed) network.
 */
export const CHROMIUM = {
  executablePath:
    process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};
