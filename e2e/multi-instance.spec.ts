import { type ChildProcess, spawn } from "node:child_process";
import type { Browser } from "@playwright/test";
import { E2E } from "./env";
import { expect, test } from "./fixtures";
import { queryDatabase } from "./fixtures/database";
import type { StubControl } from "./fixtures/stub";

// Many app instances on one PostgreSQL database and nothing else shared (no memory, no disk): one refresh per seller
// however the load falls on them, and when an instance dies in the middle of a refresh, only the sellers whose
// rotated tokens died with it must reconnect (Depop retires a refresh token the moment it is used).

const PORTS = [E2E.port(3111), E2E.port(3112), E2E.port(3113)];
const SELLER_COUNT = 20;
const LOADS = 200;

type Instance = { port: number; url: string; process: ChildProcess };
type Seller = { id: number; username: string; cookie: string };
type Load = { seller: Seller; status: number | "refused"; body: string };

function startInstance(port: number): Instance {
  // `npm start`'s launcher with one worker: this process is the server, so SIGKILL kills the server.
  const child = spawn(process.execPath, ["scripts/start.mjs", "--port", String(port)], {
    env: { ...process.env, ...E2E.appEnv, NODE_ENV: "production", PORT: String(port), WEB_CONCURRENCY: "1" },
    stdio: "ignore",
  });
  return { port, url: `http://localhost:${port}`, process: child };
}

async function waitUntilReady(instance: Instance): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${instance.url}/api/health`).catch(() => null))?.status ?? 0, {
      timeout: 60_000,
      intervals: [200],
    })
    .toBe(200);
}

/** Connects `count` new sellers through the real flow, a few at a time, and returns their session cookies. */
async function connectSellers(browser: Browser, stub: StubControl, count: number): Promise<Seller[]> {
  const sellers: Seller[] = [];
  const connectOne = async () => {
    const seller = await stub.addSeller(3);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${E2E.appUrl}/`);
    await page.getByRole("button", { name: "Connect with Depop" }).click();
    await page.getByRole("radio", { name: seller.username }).check();
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    const cookie = (await context.cookies()).find((entry) => entry.name === "depop_connect_session");
    await context.close();
    if (!cookie) throw new Error("no session cookie after connecting");
    sellers.push({ ...seller, cookie: `${cookie.name}=${cookie.value}` });
  };
  for (let i = 0; i < count; i += 5) await Promise.all(Array.from({ length: Math.min(5, count - i) }, connectOne));
  return sellers;
}

async function loadDashboard(instance: Instance, seller: Seller): Promise<Load> {
  try {
    const response = await fetch(`${instance.url}/dashboard`, {
      headers: { cookie: seller.cookie },
      redirect: "manual",
    });
    return { seller, status: response.status, body: await response.text() };
  } catch {
    // The instance is down (killed, or not yet restarted): the load balancer's problem, not a page anyone saw.
    return { seller, status: "refused", body: "" };
  }
}

/** How many of these sellers' connections have a refresh lease set (a refresh is under way somewhere). */
async function leasesHeld(sellers: Seller[]): Promise<number> {
  const rows = await queryDatabase<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM "Connection" c JOIN "Seller" s ON s."id" = c."sellerId" WHERE s."depopShopId" = ANY(?) AND c."refreshLeaseUntil" IS NOT NULL',
    sellers.map((seller) => String(seller.id)),
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * SELLER_COUNT new sellers, connected, whose access tokens Depop has just expired, with refresh answers held back
 * `answerAfterMs` (Depop acts on each refresh at once).
 */
async function sellersWithExpiredTokens(browser: Browser, stub: StubControl, answerAfterMs: number): Promise<Seller[]> {
  const sellers = await connectSellers(browser, stub, SELLER_COUNT);
  for (const seller of sellers) await stub.expireAccessTokens(seller.id);
  await stub.fault({ endpoint: "token", grant_type: "refresh_token", answer_after_ms: answerAfterMs, times: -1 });
  return sellers;
}

/** LOADS dashboard loads started at once, round robin over the sellers and over the instances. */
function spreadLoads(instances: Instance[], sellers: Seller[]): Promise<Load>[] {
  return Array.from({ length: LOADS }, (_, i) =>
    loadDashboard(instances[i % instances.length] as Instance, sellers[i % sellers.length] as Seller),
  );
}

const showsProducts = (load: Load) =>
  load.status === 200 && load.body.includes('aria-label="Products"') && !load.body.includes("Reconnect your Depop");
const showsReconnect = (load: Load) => load.status === 200 && load.body.includes("Reconnect your Depop shop");

test.describe("several app instances on one PostgreSQL database", () => {
  test.skip(E2E.database !== "postgresql", "needs a database server the instances share");
  test.describe.configure({ mode: "serial" });
  let instances: Instance[] = [];

  test.beforeAll(async () => {
    instances = PORTS.map(startInstance);
    for (const instance of instances) await waitUntilReady(instance);
  });

  test.afterAll(() => {
    for (const instance of instances) instance.process.kill("SIGKILL");
  });

  test("200 concurrent loads of 20 sellers with expired tokens over three instances: exactly 20 refreshes", async ({
    browser,
    stub,
  }) => {
    test.setTimeout(180_000);
    // Slow answers, so that the loads of one seller overlap on every instance while its refresh is under way.
    const sellers = await sellersWithExpiredTokens(browser, stub, 300);
    const loads = await Promise.all(spreadLoads(instances, sellers));

    expect(loads.filter((load) => !showsProducts(load)).map((load) => load.status)).toEqual([]);
    const refreshes = await stub.tokenRequests("refresh_token");
    expect(refreshes).toHaveLength(SELLER_COUNT);
    expect(refreshes.every((entry) => entry.status === 200)).toBe(true);
    expect(new Set(refreshes.map((entry) => entry.form.refresh_token)).size).toBe(SELLER_COUNT);
  });

  test("an instance killed in the middle of refreshes: only the sellers it was refreshing must reconnect", async ({
    browser,
    stub,
  }) => {
    test.setTimeout(180_000);
    // Depop rotates the pair as soon as it gets the request and its answer takes 1.5 s to arrive.
    const sellers = await sellersWithExpiredTokens(browser, stub, 1500);

    // The doomed instance starts the refreshes of the first six sellers, and dies while their answers are on the way.
    const victim = instances[1] as Instance;
    const doomed = sellers.slice(0, 6);
    const doomedLoads = doomed.map((seller) => loadDashboard(victim, seller));
    // Their leases are taken the moment before the refresh requests go out; Depop acts on those as they arrive.
    await expect.poll(() => leasesHeld(doomed), { timeout: 15_000, intervals: [50] }).toBe(doomed.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    victim.process.kill("SIGKILL");
    const restarted = startInstance(victim.port);
    instances[1] = restarted;

    // Meanwhile every seller keeps loading, spread over all three instances (the killed one refuses until it is back).
    const loads = await Promise.all([...doomedLoads, ...spreadLoads(instances, sellers)]);
    await waitUntilReady(restarted);
    await stub.clearFaults();

    // Nobody saw a 500 (or any error page): a page is the shop, or the clear Reconnect prompt.
    const answered = loads.filter((load) => load.status !== "refused");
    expect(answered.length).toBeGreaterThan(LOADS / 2);
    expect(answered.filter((load) => !showsProducts(load) && !showsReconnect(load)).map((l) => l.status)).toEqual([]);

    // The stub's log says whose rotated tokens were lost: the refresh tokens presented a second time.
    const refreshes = await stub.tokenRequests("refresh_token");
    const uses = new Map<string, number>();
    for (const entry of refreshes) {
      const token = entry.form.refresh_token ?? "";
      uses.set(token, (uses.get(token) ?? 0) + 1);
    }
    const reused = new Set([...uses].filter(([, count]) => count > 1).map(([token]) => token));
    // The stub logs a request when its connection closes: the victim's six closed when it died, before any answer
    // to the other instances (held 1.5 s) was sent.
    const doomedTokens = new Set(refreshes.slice(0, doomed.length).map((entry) => entry.form.refresh_token));
    expect(reused).toEqual(doomedTokens);
    // One refresh for each seller, and for each of the six one more that Depop refused (their token was used up).
    expect(refreshes).toHaveLength(SELLER_COUNT + doomed.length);

    // Afterwards, on any instance: exactly those six sellers are asked to reconnect, every other seller works.
    for (const [index, seller] of sellers.entries()) {
      const instance = instances[index % instances.length] as Instance;
      const load = await loadDashboard(instance, seller);
      if (doomed.includes(seller)) expect(showsReconnect(load), `${seller.username} must reconnect`).toBe(true);
      else expect(showsProducts(load), `${seller.username} keeps working`).toBe(true);
    }

    // No lease outlived its expiry: the dead instance's leases were taken over, and nothing is held now.
    expect(await leasesHeld(sellers)).toBe(0);
  });
});
