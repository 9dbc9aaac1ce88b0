import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import { E2E } from "../env";
import { expect, SELLERS, test } from "../fixtures";
import { queryDatabase, updateDatabase } from "../fixtures/database";
import { appCookie, seal } from "../fixtures/flows";

// ASVS V7 / V11 (secret rotation): the documented SESSION_SECRET rotation, end to end on running servers. Put a new
// secret first (`new,old`): sessions sealed with the old one keep working and new ones are sealed with the new one.
// Then drop the old one: sessions sealed with the new one keep working (secret ids come from the secrets, not from
// their position in the list), and only the old seals stop opening anything.

const PORT = E2E.port(3198);
const OLD = E2E.appEnv.SESSION_SECRET;
const NEW = "a-brand-new-session-secret-after-rotation-0123456789";

function startServer(sessionSecret: string): ChildProcess {
  return spawn(process.execPath, ["scripts/start.mjs", "--port", String(PORT)], {
    env: {
      ...process.env,
      ...E2E.appEnv,
      NODE_ENV: "production",
      PORT: String(PORT),
      WEB_CONCURRENCY: "1",
      SESSION_SECRET: sessionSecret,
    },
    stdio: "ignore",
  });
}

async function ready(): Promise<void> {
  await expect
    .poll(async () => (await fetch(`http://localhost:${PORT}/api/health`).catch(() => null))?.status ?? 0, {
      timeout: 60_000,
      intervals: [200],
    })
    .toBe(200);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

async function opens(context: BrowserContext, cookie: string): Promise<boolean> {
  const response = await context.request.get(`http://localhost:${PORT}/dashboard`, {
    headers: { cookie: `depop_connect_session=${cookie}` },
    maxRedirects: 0,
  });
  return response.status() === 200;
}

/** A session the new secret sealed: what the rotated server hands a seller who signs in (record and cookie). */
async function sessionSealedWith(secret: string, depopShopId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const [seller] = await queryDatabase<{ id: string }>(
    'SELECT "id" FROM "Seller" WHERE "depopShopId" = ?',
    String(depopShopId),
  );
  const now = Date.now();
  await updateDatabase(
    'INSERT INTO "Session" ("id", "sellerId", "createdAt", "lastSeenAt", "expiresAt", "browser") VALUES (?, ?, ?, ?, ?, ?)',
    createHash("sha256").update(token).digest("base64url"),
    seller?.id,
    new Date(now),
    new Date(now),
    new Date(now + 86_400_000),
    "Chrome on Linux",
  );
  return seal({ token }, secret);
}

test("SESSION_SECRET rotation: new,old keeps old sessions; dropping old keeps the new ones", async ({
  context,
  connectAs,
}) => {
  test.setTimeout(120_000);
  await connectAs("retro_rags");
  const sealedWithOld = (await appCookie(context, "depop_connect_session"))?.value ?? "";

  let server = startServer(`${NEW},${OLD}`);
  try {
    await ready();
    expect(await opens(context, sealedWithOld)).toBe(true);
    const sealedWithNew = await sessionSealedWith(NEW, SELLERS.retro_rags.id);
    expect(await opens(context, sealedWithNew)).toBe(true);
    await stop(server);

    server = startServer(NEW);
    await ready();
    expect(await opens(context, sealedWithNew)).toBe(true);
    expect(await opens(context, sealedWithOld)).toBe(false);
  } finally {
    await stop(server);
  }
});
