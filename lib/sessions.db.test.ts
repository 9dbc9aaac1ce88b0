import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { unitEnvironment } from "../test/database";
import { cookieJar, requestHeaders } from "../test/next-headers";

vi.mock("next/headers", async () => (await import("../test/next-headers")).nextHeaders);

await unitEnvironment();
const { closeDb, db } = await import("./db");
const { disconnect } = await import("./connections");
const sessions = await import("./sessions");

afterAll(() => closeDb());

async function seller() {
  const id = randomUUID();
  await db().seller.create({
    data: { id, depopShopId: String(Math.floor(Math.random() * 1e12)), username: "unit", countryCode: "GB" },
  });
  return id;
}

/** A seller with a connection (its tokens are placeholders: nothing here calls Depop). */
async function connectedSeller() {
  const id = await seller();
  await db().connection.create({
    data: {
      sellerId: id,
      accessTokenSealed: "sealed-access",
      refreshTokenSealed: "sealed-refresh",
      accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
      refreshTokenExpiresAt: new Date(Date.now() + 365 * 86_400_000),
      scopes: "shop_read products_read",
      connectedAt: new Date(),
    },
  });
  return id;
}

/** One browser's cookie, to switch between browsers. */
type Browser = Map<string, string>;
const browsers = {
  save: (): Browser => new Map(cookieJar),
  use(browser: Browser) {
    cookieJar.clear();
    for (const [name, value] of browser) cookieJar.set(name, value);
  },
};

async function signIn(sellerId: string, userAgent = requestHeaders.userAgent): Promise<Browser> {
  cookieJar.clear();
  const previous = requestHeaders.userAgent;
  requestHeaders.userAgent = userAgent;
  await sessions.startSession(sellerId);
  requestHeaders.userAgent = previous;
  return browsers.save();
}

beforeEach(() => cookieJar.clear());

describe("server-side sessions", () => {
  it("the cookie holds a sealed token, the database only its hash", async () => {
    const sellerId = await seller();
    await signIn(sellerId);
    const cookie = cookieJar.get("depop_connect_session") ?? "";
    expect(cookie).toMatch(/^Fe26\.2\*/);
    expect(await sessions.getSessionSellerId()).toBe(sellerId);
    const [row] = await db().session.findMany({ where: { sellerId } });
    expect(row?.id).toMatch(/^[\w-]{43}$/);
    expect(cookie).not.toContain(row?.id ?? "-");
    expect(row?.browser).toBe("Firefox on Linux");
  });

  it("Disconnect ends every session of the seller; a cookie copied before it opens nothing afterwards", async () => {
    const sellerId = await seller();
    const laptop = await signIn(sellerId);
    const phone = await signIn(sellerId, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1");
    const copied = browsers.save();
    await disconnect(sellerId);
    expect(await db().session.count({ where: { sellerId } })).toBe(0);
    for (const browser of [laptop, phone, copied]) {
      browsers.use(browser);
      expect(await sessions.getSessionSellerId()).toBeNull();
    }
    // The seller connects again later: the old cookie still opens nothing; the new one works.
    const again = await signIn(sellerId);
    browsers.use(copied);
    expect(await sessions.getSessionSellerId()).toBeNull();
    browsers.use(again);
    expect(await sessions.getSessionSellerId()).toBe(sellerId);
  });

  it("a new sign-in in the same browser replaces its old session", async () => {
    const sellerId = await seller();
    const first = await signIn(sellerId);
    browsers.use(first);
    await sessions.startSession(sellerId);
    expect(await db().session.count({ where: { sellerId } })).toBe(1);
    browsers.use(first);
    expect(await sessions.getSessionSellerId()).toBeNull();
  });

  it("lists the seller's sessions and signs out everywhere else", async () => {
    const sellerId = await seller();
    await signIn(sellerId, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36");
    const other = browsers.save();
    const mine = await signIn(sellerId);
    browsers.use(mine);
    const listed = await sessions.listSessions(sellerId);
    expect(listed.map((session) => [session.browser, session.current]).sort()).toEqual([
      ["Chrome on Windows", false],
      ["Firefox on Linux", true],
    ]);
    expect(await sessions.endOtherSessions(sellerId)).toBe(1);
    expect(await sessions.getSessionSellerId()).toBe(sellerId);
    browsers.use(other);
    expect(await sessions.getSessionSellerId()).toBeNull();
  });

  it("ends after a week without use, and 30 days after it began whatever the use", async () => {
    const sellerId = await seller();
    const browser = await signIn(sellerId);
    const [row] = await db().session.findMany({ where: { sellerId } });
    const id = row?.id ?? "";
    browsers.use(browser);
    await db().session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 8 * 86_400_000) } });
    expect(await sessions.getSessionSellerId()).toBeNull();
    expect(await db().session.count({ where: { id } })).toBe(0);

    const again = await signIn(sellerId);
    browsers.use(again);
    await db().session.updateMany({ where: { sellerId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sessions.getSessionSellerId()).toBeNull();
  });

  it("a signed-out browser's cookie opens nothing, and signing out is per browser", async () => {
    const sellerId = await seller();
    const a = await signIn(sellerId);
    const b = await signIn(sellerId);
    browsers.use(a);
    await sessions.endSession();
    expect(cookieJar.has("depop_connect_session")).toBe(false);
    browsers.use(a);
    expect(await sessions.getSessionSellerId()).toBeNull();
    browsers.use(b);
    expect(await sessions.getSessionSellerId()).toBe(sellerId);
  });

  it("reads the seller's orders to ship with the session, counting only this seller's pending ones", async () => {
    const sellerId = await seller();
    const other = await seller();
    const now = new Date();
    const order = (owner: string, purchaseId: string, status: string) =>
      db().order.create({
        data: {
          sellerId: owner,
          purchaseId,
          status,
          orderCreatedAt: now,
          source: "webhook",
          receivedAt: now,
          updatedAt: now,
        },
      });
    await order(sellerId, "p1", "SHIPPING_PENDING");
    await order(sellerId, "p2", "SHIPPING_PENDING");
    await order(sellerId, "p3", "SHIPPED");
    await order(other, "p4", "SHIPPING_PENDING");
    await signIn(sellerId);
    expect(await sessions.pendingShipmentsForSession()).toBe(2);
    // No connection row: the session still stands, and the seller has no connection to show.
    const { getSellerConnection } = await import("./connections");
    expect(await getSellerConnection(sellerId)).toBeNull();
    cookieJar.clear();
    expect(await sessions.pendingShipmentsForSession()).toBe(0);
  });

  describe("the hint an early dashboard call uses (recentSessionConnection)", () => {
    const hinted = async () => (await sessions.recentSessionConnection())?.sellerId ?? null;

    it("is the connection this browser's last session read found, and nobody else's", async () => {
      const sellerId = await connectedSeller();
      const mine = await signIn(sellerId);
      const someoneElse = await signIn(await connectedSeller());
      browsers.use(mine);
      expect(await hinted()).toBeNull(); // nothing read yet in this process
      expect(await sessions.getSessionSellerId()).toBe(sellerId);
      expect(await hinted()).toBe(sellerId);
      browsers.use(someoneElse);
      expect(await hinted()).toBeNull();
      cookieJar.clear();
      expect(await hinted()).toBeNull();
      cookieJar.set("depop_connect_session", "Fe26.2*not-a-sealed-cookie");
      expect(await hinted()).toBeNull();
    });

    it("is forgotten once a read finds the session ended elsewhere, and when it ends here", async () => {
      const sellerId = await connectedSeller();
      const laptop = await signIn(sellerId);
      const phone = await signIn(sellerId, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1");
      for (const browser of [laptop, phone]) {
        browsers.use(browser);
        await sessions.getSessionSellerId();
      }
      // Another instance signs the laptop out: this process still has the hint, until its next read.
      browsers.use(laptop);
      await db().session.deleteMany({ where: { sellerId, browser: "Firefox on Linux" } });
      expect(await hinted()).toBe(sellerId);
      expect(await sessions.getSessionSellerId()).toBeNull();
      expect(await hinted()).toBeNull();

      const tablet = await signIn(sellerId);
      await sessions.getSessionSellerId();
      browsers.use(phone);
      await sessions.endSession();
      browsers.use(phone);
      expect(await hinted()).toBeNull();
      browsers.use(tablet);
      expect(await hinted()).toBe(sellerId);
    });

    it("is forgotten for the other sessions on 'sign out everywhere else', and for all on Disconnect", async () => {
      const sellerId = await connectedSeller();
      const other = await signIn(sellerId);
      await sessions.getSessionSellerId();
      const mine = await signIn(sellerId);
      await sessions.getSessionSellerId();
      await sessions.endOtherSessions(sellerId);
      browsers.use(other);
      expect(await hinted()).toBeNull();
      browsers.use(mine);
      expect(await hinted()).toBe(sellerId);
      sessions.forgetSessionHints(sellerId);
      expect(await hinted()).toBeNull();
    });
  });

  it("names browsers by family only", () => {
    expect(sessions.browserFamily(null)).toBe("A browser");
    expect(sessions.browserFamily("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Version/17.0 Safari/605.1.15")).toBe(
      "Safari on macOS",
    );
    expect(sessions.browserFamily("Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile Safari/537.36")).toBe(
      "Chrome on Android",
    );
    expect(sessions.browserFamily("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36 Edg/120.0")).toBe(
      "Edge on Windows",
    );
  });
});
