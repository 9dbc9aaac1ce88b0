#!/usr/bin/env node
// `npm run dev`: the whole product on one machine with no configuration.
// Without DEPOP_CLIENT_ID it starts the stub Depop (demo sellers and products) next to the app; with it, the app
// talks to whatever Depop the environment names. Development secrets are generated once into .dev-secrets.json
// (git-ignored) so sessions and stored tokens survive restarts.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), true);

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const port = env.PORT ?? "3000";
env.APP_URL ??= `http://localhost:${port}`;
env.DATABASE_URL ??= "file:./prisma/dev.db";

const secretsFile = ".dev-secrets.json";
if (!existsSync(secretsFile)) {
  const generated = {
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  writeFileSync(secretsFile, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
}
const secrets = JSON.parse(readFileSync(secretsFile, "utf8"));
// Added later than the others: a .dev-secrets.json from before gains them once.
if (!secrets.DEPOP_WEBHOOK_SECRET || !secrets.CRON_SECRET) {
  secrets.DEPOP_WEBHOOK_SECRET ??= randomBytes(24).toString("base64url");
  secrets.CRON_SECRET ??= randomBytes(24).toString("base64url");
  writeFileSync(secretsFile, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}
env.SESSION_SECRET ??= secrets.SESSION_SECRET;
env.TOKEN_ENCRYPTION_KEY ??= secrets.TOKEN_ENCRYPTION_KEY;

const children = [];
const bin = (name) => `node_modules/.bin/${name}`;
const demo = !env.DEPOP_CLIENT_ID;

if (demo) {
  const stubHost = env.STUB_HOST ?? "127.0.0.1";
  const wwwPort = env.STUB_WWW_PORT ?? "4100";
  const apiPort = env.STUB_API_PORT ?? "4101";
  env.DEPOP_CLIENT_ID = "depop-connect-dev";
  env.DEPOP_CLIENT_SECRET = "dev-client-secret-change-me-in-production";
  env.DEPOP_AUTHORIZE_URL = `http://${stubHost}:${wwwPort}/settings/oauth/apps/`;
  env.DEPOP_API_URL = `http://${stubHost}:${apiPort}`;
  // The demo asks for the order scopes too, so the orders page and Mark as shipped work (the documented minimum
  // is `shop_read products_read`).
  env.DEPOP_SCOPES ??= "shop_read products_read products_write orders_read orders_write";
  // The stub delivers signed webhooks (its "Simulate a sale" button) to the app, and `npm run reconcile` or
  // GET /api/cron/reconcile with this bearer catches up.
  env.DEPOP_WEBHOOK_SECRET ??= secrets.DEPOP_WEBHOOK_SECRET;
  env.CRON_SECRET ??= secrets.CRON_SECRET;
  children.push(
    spawn(bin("tsx"), ["e2e/depop-stub/main.ts"], {
      stdio: "inherit",
      env: {
        ...env,
        STUB_HOST: stubHost,
        STUB_WWW_PORT: wwwPort,
        STUB_API_PORT: apiPort,
        STUB_CLIENT_ID: env.DEPOP_CLIENT_ID,
        STUB_CLIENT_SECRET: env.DEPOP_CLIENT_SECRET,
        STUB_REDIRECT_URIS: `${env.APP_URL.replace(/\/+$/, "")}/api/depop/callback`,
        STUB_WEBHOOK_URL: `${env.APP_URL.replace(/\/+$/, "")}/api/depop/webhooks`,
        STUB_WEBHOOK_SECRET: env.DEPOP_WEBHOOK_SECRET,
      },
    }),
  );
}

const migrate = spawnSync(process.execPath, ["scripts/migrate.mjs"], { stdio: "inherit", env });
if (migrate.status !== 0) {
  for (const child of children) child.kill();
  process.exit(migrate.status ?? 1);
}

console.log(
  `\n  depop-connect: open ${env.APP_URL}\n  ${demo ? `Demo mode: the stub Depop signs you in as a demo seller; simulate sales at ${env.DEPOP_AUTHORIZE_URL.replace(/\/settings\/oauth\/apps\/$/, "/")}` : `Depop: ${env.DEPOP_API_URL ?? "https://partnerapi.depop.com"}`}\n`,
);
children.push(spawn(bin("next"), ["dev", "--port", port], { stdio: "inherit", env }));

const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) {
  child.on("exit", (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
}
