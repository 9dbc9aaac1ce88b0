import { sealData } from "iron-session";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cookieJar, extraCookies } from "../test/next-headers";

vi.mock("next/headers", async () => (await import("../test/next-headers")).nextHeaders);

const secret = "s".repeat(40);
Object.assign(process.env, {
  SESSION_SECRET: secret,
  DEPOP_CLIENT_ID: "client-unit",
  DEPOP_CLIENT_SECRET: "secret-unit",
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
});
const { readSessionToken, writeSessionCookie, saveTransaction, takeTransaction } = await import("./session");
const { secretId } = await import("./cookies");

const DAY_S = 24 * 60 * 60;
const TOKEN = "t".repeat(43);
const sealed = (data: Record<string, unknown>, ttl = 30 * DAY_S, password = secret) =>
  sealData(data, { password: { [secretId(password)]: password }, ttl });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
  cookieJar.clear();
  extraCookies.length = 0;
});

describe("the session cookie", () => {
  it("reads the token from a good seal, and again from memory", async () => {
    await writeSessionCookie(TOKEN);
    expect(await readSessionToken()).toBe(TOKEN);
    expect(await readSessionToken()).toBe(TOKEN);
  });

  it("refuses a seal once it has expired, even one it remembered", async () => {
    cookieJar.set("depop_connect_session", await sealed({ token: TOKEN }, 2 * 60));
    expect(await readSessionToken()).toBe(TOKEN);
    vi.setSystemTime(new Date("2026-01-01T00:05:00Z"));
    expect(await readSessionToken()).toBeNull();
  });

  it("refuses a tampered seal, a seal made with another secret, and no cookie at all", async () => {
    const good = await sealed({ token: TOKEN });
    cookieJar.set("depop_connect_session", `${good.slice(0, 60)}${good[60] === "A" ? "B" : "A"}${good.slice(61)}`);
    expect(await readSessionToken()).toBeNull();
    cookieJar.set("depop_connect_session", await sealed({ token: TOKEN }, 30 * DAY_S, "o".repeat(40)));
    expect(await readSessionToken()).toBeNull();
    cookieJar.clear();
    expect(await readSessionToken()).toBeNull();
  });

  it("treats malformed seals as no session, never as an error", async () => {
    const good = await sealed({ token: TOKEN });
    const parts = good.split("*");
    for (const value of [
      "x*x*x*x*x*x*x*x",
      "Fe26.2*constructor*a*b*c**d*e~2",
      "Fe26.2*__proto__*a*b*c**d*e~2",
      "Fe26.2*toString*a*b*c*1*d*e~2",
      [...parts.slice(0, 5), "soon", ...parts.slice(6)].join("*"),
      "Fe26.2",
      "%E0%A4%A",
      "a".repeat(10_000),
    ]) {
      cookieJar.set("depop_connect_session", value);
      await expect(readSessionToken(), value.slice(0, 40)).resolves.toBeNull();
    }
  });

  it("ignores a session cookie the browser sent twice: an attacker must not choose which one counts", async () => {
    await writeSessionCookie(TOKEN);
    extraCookies.push(`depop_connect_session=${await sealed({ token: "a".repeat(43) })}`);
    expect(await readSessionToken()).toBeNull();
  });
});

describe("the transaction cookie", () => {
  const transaction = {
    flow: "depop-connect/v1" as const,
    state: "s".repeat(43),
    verifier: "v".repeat(43),
    scopes: ["shop_read" as const],
    createdAt: Date.now(),
  };

  it("is read once and cleared", async () => {
    await saveTransaction(transaction);
    expect(await takeTransaction()).toEqual(transaction);
    expect(await takeTransaction()).toBeNull();
  });

  it("a malformed or duplicated transaction cookie is no transaction", async () => {
    cookieJar.set("depop_connect_tx", "Fe26.2*constructor*a*b*c**d*e~2");
    await expect(takeTransaction()).resolves.toBeNull();
    await saveTransaction(transaction);
    extraCookies.push(`depop_connect_tx=${await sealed(transaction, 600)}`);
    await expect(takeTransaction()).resolves.toBeNull();
  });
});
