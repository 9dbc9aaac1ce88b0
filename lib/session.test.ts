import { sealData } from "iron-session";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The session cookie as the browser sends it; `cookies()` from next/headers is the only thing faked.
let cookieValue: string | undefined;
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) =>
      name === "depop_connect_session" && cookieValue !== undefined ? { name, value: cookieValue } : undefined,
  }),
}));

const secret = "s".repeat(40);
Object.assign(process.env, {
  SESSION_SECRET: secret,
  DEPOP_CLIENT_ID: "client-unit",
  DEPOP_CLIENT_SECRET: "secret-unit",
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
});
const { getSessionSellerId } = await import("./session");

const DAY_S = 24 * 60 * 60;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
  cookieValue = undefined;
});

describe("getSessionSellerId", () => {
  it("reads the seller from a good seal, and again from memory", async () => {
    cookieValue = await sealData({ sellerId: "seller-1" }, { password: { 1: secret }, ttl: 30 * DAY_S });
    expect(await getSessionSellerId()).toBe("seller-1");
    expect(await getSessionSellerId()).toBe("seller-1");
  });

  it("refuses a seal once it has expired, even one it remembered", async () => {
    cookieValue = await sealData({ sellerId: "seller-2" }, { password: { 1: secret }, ttl: 2 * 60 });
    expect(await getSessionSellerId()).toBe("seller-2");
    vi.setSystemTime(new Date("2026-01-01T00:05:00Z"));
    expect(await getSessionSellerId()).toBeNull();
  });

  it("refuses a tampered seal, a seal made with another secret, and no cookie at all", async () => {
    const good = await sealData({ sellerId: "seller-3" }, { password: { 1: secret }, ttl: 30 * DAY_S });
    cookieValue = `${good.slice(0, 60)}${good[60] === "A" ? "B" : "A"}${good.slice(61)}`;
    expect(await getSessionSellerId()).toBeNull();
    cookieValue = await sealData({ sellerId: "seller-3" }, { password: { 1: "o".repeat(40) }, ttl: 30 * DAY_S });
    expect(await getSessionSellerId()).toBeNull();
    cookieValue = undefined;
    expect(await getSessionSellerId()).toBeNull();
  });
});
