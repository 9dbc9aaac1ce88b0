import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { testProvider, unitEnvironment } from "../../test/database";
import { cookieJar } from "../../test/next-headers";
import { config } from "../config";
import { encrypt, keyId } from "../crypto";
import { closeDb, db } from "../db";
import { DepopApiError, getShop } from "../depop/api";
import {
  completeConnection,
  getAccessToken,
  ReconnectRequiredError,
  reencryptConnections,
  startConnection,
  startEarly,
  withAccessToken,
} from ".";
import { grantedScopes } from "./connect";
import { markReconnectRequired } from "./store";

// The browser's cookies, as next/headers shows them to the code under test.
vi.mock("next/headers", async () => (await import("../../test/next-headers")).nextHeaders);

// A real database (SQLite or PostgreSQL: the Vitest project says which) and the real code over real HTTP; only
// Depop is faked, by a local server.
const fakeServer = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", async () => {
    const url = new URL(request.url ?? "/", "http://depop.test");
    const reply = await depop.route(url, Buffer.concat(chunks).toString("utf8"), request.headers.authorization ?? "");
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    response.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
  });
});
await new Promise<void>((resolve) => fakeServer.listen(0, "127.0.0.1", resolve));
const fakeOrigin = `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`;
const { oldKey, newKey } = await unitEnvironment(fakeOrigin);

type Reply = { status: number; body: unknown; delayMs?: number };

/** Depop as documented: rotating refresh tokens, bearer checks, and switches to make it fail. */
class FakeDepop {
  live = new Set<string>();
  refreshable = new Set<string>();
  refreshCalls: string[] = [];
  codeExchanges: { form: URLSearchParams; access: string }[] = [];
  refreshReply: "ok" | "invalid_grant" | "unavailable" = "ok";
  refreshDelayMs = 0;
  rejectEveryToken = false;

  issue() {
    const access = `pat_${randomBytes(20).toString("hex")}`;
    const refresh = `prt_${randomBytes(20).toString("hex")}`;
    this.live.add(access);
    this.refreshable.add(refresh);
    return { access, refresh };
  }

  async route(url: URL, body: string, authorization: string): Promise<Reply> {
    if (url.pathname === "/api/v1/oauth2/access-token/") {
      const form = new URLSearchParams(body);
      if (form.get("grant_type") === "authorization_code") {
        const { access, refresh } = this.issue();
        this.codeExchanges.push({ form, access });
        return {
          status: 200,
          body: { access_token: access, refresh_token: refresh, expires_in: 3600, token_type: "Bearer" },
        };
      }
      const token = form.get("refresh_token") ?? "";
      this.refreshCalls.push(token);
      if (this.refreshReply === "unavailable") return { status: 503, body: { error: "server_error" } };
      if (this.refreshReply === "invalid_grant" || !this.refreshable.delete(token)) {
        return {
          status: 400,
          body: { code: 400, error: "invalid_grant", message: "Depop OAuth2 error", id: randomUUID() },
        };
      }
      const { access, refresh } = this.issue();
      return {
        status: 200,
        body: { access_token: access, refresh_token: refresh, expires_in: 3600, token_type: "Bearer" },
        delayMs: this.refreshDelayMs,
      };
    }
    const bearer = authorization.replace(/^Bearer /, "");
    if (this.rejectEveryToken || !this.live.has(bearer)) {
      return {
        status: 401,
        body: { id: randomUUID(), errors: [{ code: "unauthorized", message: "invalid api key" }] },
      };
    }
    return { status: 200, body: { id: 1, username: "unit_shop", country_code: "GB" } };
  }
}

let depop: FakeDepop;

beforeEach(() => {
  depop = new FakeDepop();
});

afterAll(async () => {
  await closeDb();
  await new Promise((resolve) => fakeServer.close(resolve));
});

async function seedConnection(options: { expiresInMs: number; keys?: Buffer[] }) {
  const sellerId = randomUUID();
  const { access, refresh } = depop.issue();
  const keys = options.keys ?? config().tokenKeys;
  await db().seller.create({
    data: { id: sellerId, depopShopId: String(Math.floor(Math.random() * 1e12)), username: "unit", countryCode: "GB" },
  });
  await db().connection.create({
    data: {
      sellerId,
      accessTokenSealed: encrypt(access, `${sellerId}/access`, keys),
      refreshTokenSealed: encrypt(refresh, `${sellerId}/refresh`, keys),
      accessTokenExpiresAt: new Date(Date.now() + options.expiresInMs),
      refreshTokenExpiresAt: new Date(Date.now() + 365 * 86_400_000),
      scopes: "shop_read products_read",
      connectedAt: new Date(),
    },
  });
  return { sellerId, access, refresh };
}

const row = (sellerId: string) => db().connection.findUniqueOrThrow({ where: { sellerId } });
const events = async (sellerId: string) =>
  (await db().connectionEvent.findMany({ where: { sellerId }, orderBy: { id: "asc" } })).map((event) => event.kind);

it("runs on the database this Vitest project names", () => {
  expect(config().databaseProvider).toBe(testProvider);
});

describe("connect", () => {
  async function connect() {
    const authorize = await startConnection();
    const state = authorize.searchParams.get("state") ?? "";
    return completeConnection(new URLSearchParams({ code: `code_${randomUUID()}`, state }));
  }
  const shopSeller = () => db().seller.findUniqueOrThrow({ where: { depopShopId: "1" } });

  it("stores the seller and the sealed pair, and signs the browser in", async () => {
    cookieJar.clear();
    const result = await connect();
    const seller = await shopSeller();
    expect(result).toEqual({ ok: true, sellerId: seller.id });
    expect(seller.username).toBe("unit_shop");
    expect(depop.codeExchanges).toHaveLength(1);
    expect(depop.codeExchanges[0]?.form.get("code_verifier")).toMatch(/^[\w-]{43,128}$/);
    const stored = await row(seller.id);
    expect(stored).toMatchObject({ status: "active", scopes: "shop_read products_read", refreshedAt: null });
    expect(stored.accessTokenSealed).not.toMatch(/pat_/);
    expect(stored.refreshTokenExpiresAt.getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000);
    // The token it hands out is the one Depop issued for the code.
    await expect(getAccessToken(seller.id)).resolves.toBe(depop.codeExchanges[0]?.access);
    expect(depop.refreshCalls).toEqual([]);
    expect(cookieJar.has("depop_connect_tx")).toBe(false);
    expect(cookieJar.get("depop_connect_session")).toMatch(/^Fe26\.2\*/);
  });

  it("a reconnect keeps the seller, replaces the grant and makes it active again", async () => {
    cookieJar.clear();
    await connect();
    const seller = await shopSeller();
    await db().connection.update({
      where: { sellerId: seller.id },
      data: { status: "reconnect_required", refreshedAt: new Date(), refreshLeaseUntil: new Date() },
    });
    const before = await row(seller.id);
    const eventsBefore = (await events(seller.id)).length;

    await expect(connect()).resolves.toEqual({ ok: true, sellerId: seller.id });
    const after = await row(seller.id);
    expect(after).toMatchObject({ status: "active", refreshedAt: null, refreshLeaseUntil: null });
    expect(after.version).toBe(before.version + 1);
    expect(after.refreshTokenSealed).not.toBe(before.refreshTokenSealed);
    expect((await events(seller.id)).slice(eventsBefore)).toEqual(["connected"]);
    expect(await db().seller.count({ where: { depopShopId: "1" } })).toBe(1);
    // The new pair is the one in use.
    await expect(getAccessToken(seller.id)).resolves.toBe(depop.codeExchanges[1]?.access);
  });

  it("sends nothing to Depop when the state is not this browser's", async () => {
    cookieJar.clear();
    await startConnection();
    const result = await completeConnection(new URLSearchParams({ code: "code_x", state: "a".repeat(43) }));
    expect(result).toEqual({ ok: false, problem: "state_mismatch" });
    expect(depop.codeExchanges).toEqual([]);
    expect(cookieJar.has("depop_connect_tx")).toBe(false);
  });
});

describe("the OAuth transaction is single-use on the server", () => {
  async function begin() {
    cookieJar.clear();
    const authorize = await startConnection();
    const state = authorize.searchParams.get("state") ?? "";
    return { state, cookie: cookieJar.get("depop_connect_tx") ?? "" };
  }

  it("a used callback replayed with the old transaction cookie sends nothing to Depop", async () => {
    const { state, cookie } = await begin();
    const params = new URLSearchParams({ code: `code_${randomUUID()}`, state });
    await expect(completeConnection(params)).resolves.toMatchObject({ ok: true });
    cookieJar.set("depop_connect_tx", cookie);
    await expect(completeConnection(params)).resolves.toEqual({ ok: false, problem: "expired" });
    expect(depop.codeExchanges).toHaveLength(1);
  });

  it("callbacks with guessed codes against one transaction make at most one token request, even at once", async () => {
    const { state, cookie } = await begin();
    const attempts = await Promise.all(
      Array.from({ length: 25 }, async () => {
        cookieJar.set("depop_connect_tx", cookie);
        return completeConnection(new URLSearchParams({ code: `guess_${randomUUID()}`, state }));
      }),
    );
    expect(depop.codeExchanges.length).toBeLessThanOrEqual(1);
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(depop.codeExchanges.length);
    for (let i = 0; i < 25; i++) {
      cookieJar.set("depop_connect_tx", cookie);
      await completeConnection(new URLSearchParams({ code: `guess_${randomUUID()}`, state }));
    }
    expect(depop.codeExchanges.length).toBeLessThanOrEqual(1);
  });

  it("keeps only documented scopes from a token response, each once, however long the field", () => {
    const junk = `shop_read ${"x".repeat(50_000)} products_read shop_read admin`;
    expect(grantedScopes(junk, ["shop_read"])).toEqual(["shop_read", "products_read"]);
    expect(grantedScopes(undefined, ["shop_read", "products_read"])).toEqual(["shop_read", "products_read"]);
  });
});

describe("the refresh lease", () => {
  it("outlasts the token request: taken for longer than the HTTP timeout to Depop", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: -1000 });
    depop.refreshDelayMs = 300;
    const started = Date.now();
    const pending = getAccessToken(sellerId);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const lease = (await row(sellerId)).refreshLeaseUntil?.getTime() ?? 0;
    expect(lease - started).toBeGreaterThan(config().httpTimeoutMs);
    await pending;
    expect((await row(sellerId)).refreshLeaseUntil).toBeNull();
  });

  it("a refresh that lost a race cannot mark the winner's fresh pair for reconnection", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: -1000 });
    // The winner stored version 1; the loser read version 0 and then met invalid_grant.
    await db().connection.update({ where: { sellerId }, data: { version: 1 } });
    await markReconnectRequired(sellerId, "invalid_grant", 0);
    expect((await row(sellerId)).status).toBe("active");
    await markReconnectRequired(sellerId, "invalid_grant", 1);
    expect((await row(sellerId)).status).toBe("reconnect_required");
  });
});

describe("getAccessToken", () => {
  it("returns the stored token while it has more than a minute left", async () => {
    const { sellerId, access } = await seedConnection({ expiresInMs: 5 * 60_000 });
    await expect(getAccessToken(sellerId)).resolves.toBe(access);
    expect(depop.refreshCalls).toEqual([]);
  });

  it("refreshes a token that expires within the one-minute skew, and stores the rotated pair first", async () => {
    const { sellerId, access, refresh } = await seedConnection({ expiresInMs: 30_000 });
    const token = await getAccessToken(sellerId);
    expect(token).not.toBe(access);
    expect(depop.refreshCalls).toEqual([refresh]);
    const stored = await row(sellerId);
    expect(stored.version).toBe(1);
    expect(stored.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // The next call uses the stored, rotated token: no second refresh.
    await expect(getAccessToken(sellerId)).resolves.toBe(token);
    expect(depop.refreshCalls).toHaveLength(1);
    expect(await events(sellerId)).toEqual(["refreshed"]);
  });

  it("shares one refresh among concurrent callers", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: -1000 });
    depop.refreshDelayMs = 50;
    const tokens = await Promise.all(Array.from({ length: 6 }, () => getAccessToken(sellerId)));
    expect(new Set(tokens).size).toBe(1);
    expect(depop.refreshCalls).toHaveLength(1);
  });

  it("waits for another process's refresh and uses its tokens instead of refreshing again (CAS loser)", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: -1000 });
    // Another process holds the lease and is refreshing.
    await db().connection.update({ where: { sellerId }, data: { refreshLeaseUntil: new Date(Date.now() + 30_000) } });
    const winner = depop.issue();
    setTimeout(async () => {
      await db().connection.update({
        where: { sellerId },
        data: {
          accessTokenSealed: encrypt(winner.access, `${sellerId}/access`, config().tokenKeys),
          refreshTokenSealed: encrypt(winner.refresh, `${sellerId}/refresh`, config().tokenKeys),
          accessTokenExpiresAt: new Date(Date.now() + 3600_000),
          version: { increment: 1 },
          refreshLeaseUntil: null,
        },
      });
    }, 250);
    await expect(getAccessToken(sellerId)).resolves.toBe(winner.access);
    expect(depop.refreshCalls).toEqual([]);
  });

  it("marks the connection for reconnection on invalid_grant, and stops calling Depop", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: -1000 });
    depop.refreshReply = "invalid_grant";
    await expect(getAccessToken(sellerId)).rejects.toBeInstanceOf(ReconnectRequiredError);
    expect((await row(sellerId)).status).toBe("reconnect_required");
    await expect(getAccessToken(sellerId)).rejects.toBeInstanceOf(ReconnectRequiredError);
    expect(depop.refreshCalls).toHaveLength(1);
    expect(await events(sellerId)).toEqual(["reconnect_needed"]);
  });

  it("keeps the tokens through a transient failure, and recovers later", async () => {
    const { sellerId, refresh } = await seedConnection({ expiresInMs: -1000 });
    const before = await row(sellerId);
    depop.refreshReply = "unavailable";
    await expect(getAccessToken(sellerId)).rejects.toMatchObject({ kind: "unavailable" });
    const after = await row(sellerId);
    expect(after).toMatchObject({ status: "active", version: before.version, refreshLeaseUntil: null });
    expect(after.refreshTokenSealed).toBe(before.refreshTokenSealed);

    depop.refreshReply = "ok";
    await expect(getAccessToken(sellerId)).resolves.toMatch(/^pat_/);
    expect(depop.refreshCalls).toEqual([refresh, refresh]);
    expect(await events(sellerId)).toEqual(["refresh_failed", "refreshed"]);
  });

  it("retries storing a rotated pair through a busy database instead of losing the new refresh token", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: -1000 });
    const client = db();
    const original = client.$executeRaw.bind(client);
    let failures = 0;
    // The rotation write (the only statement carrying a sealed refresh token) meets a busy database twice.
    const flaky = (query: TemplateStringsArray, ...values: unknown[]) => {
      if (query.join("?").includes('"refreshTokenSealed" =') && failures < 2) {
        failures++;
        return Promise.reject(new Error("database is busy"));
      }
      return original(query, ...values);
    };
    const spy = vi.spyOn(client, "$executeRaw").mockImplementation(flaky as unknown as typeof original);
    try {
      const token = await getAccessToken(sellerId);
      expect(failures).toBe(2);
      expect(depop.refreshCalls).toHaveLength(1);
      // What is stored is the rotated pair: the next expiry refreshes with the new refresh token, successfully.
      expect(token).not.toBe("");
      expect((await row(sellerId)).version).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("treats a tampered ciphertext as 'reconnect', never as a crash", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: 5 * 60_000 });
    const stored = await row(sellerId);
    const tampered = stored.accessTokenSealed.replace(/\.([A-Za-z0-9_-])/, (_, c) => `.${c === "A" ? "B" : "A"}`);
    await db().connection.update({ where: { sellerId }, data: { accessTokenSealed: tampered } });
    await expect(getAccessToken(sellerId)).rejects.toBeInstanceOf(ReconnectRequiredError);
    expect((await row(sellerId)).status).toBe("reconnect_required");
  });
});

describe("withAccessToken", () => {
  it("after a 401 refreshes once and retries once", async () => {
    const { sellerId, access } = await seedConnection({ expiresInMs: 10 * 60_000 });
    depop.live.delete(access); // Depop revoked the access token early.
    const shop = await withAccessToken(sellerId, (token) => getShop(config(), token));
    expect(shop.username).toBe("unit_shop");
    expect(depop.refreshCalls).toHaveLength(1);
  });

  it("does not loop when Depop keeps answering 401", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: 10 * 60_000 });
    depop.rejectEveryToken = true;
    const calls: string[] = [];
    await expect(
      withAccessToken(sellerId, (token) => {
        calls.push(token);
        return getShop(config(), token);
      }),
    ).rejects.toMatchObject({ kind: "unauthorized" });
    expect(calls).toHaveLength(2);
    expect(depop.refreshCalls).toHaveLength(1);
  });

  it("pauses a seller's calls after a 429 for as long as Retry-After says", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: 10 * 60_000 });
    let calls = 0;
    const limited = () => {
      calls++;
      return Promise.reject(new DepopApiError("rate_limited", "slow down", { retryAfterSeconds: 30 }));
    };
    await expect(withAccessToken(sellerId, limited)).rejects.toMatchObject({ kind: "rate_limited" });
    await expect(withAccessToken(sellerId, limited)).rejects.toMatchObject({
      kind: "rate_limited",
      details: { retryAfterSeconds: 30 },
    });
    expect(calls).toBe(1);
    const stored = (await row(sellerId)).rateLimitedUntil?.getTime() ?? 0;
    expect(stored - Date.now()).toBeGreaterThan(25_000);
    expect(stored - Date.now()).toBeLessThanOrEqual(30_000);
  });

  it("keeps a pause another process stored: no call until it ends", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: 10 * 60_000 });
    await db().connection.update({ where: { sellerId }, data: { rateLimitedUntil: new Date(Date.now() + 20_000) } });
    let calls = 0;
    const call = async () => {
      calls++;
      return "ok";
    };
    await expect(withAccessToken(sellerId, call)).rejects.toMatchObject({
      kind: "rate_limited",
      details: { retryAfterSeconds: 20 },
    });
    expect(calls).toBe(0);
    await db().connection.update({ where: { sellerId }, data: { rateLimitedUntil: new Date(Date.now() - 1) } });
    await expect(withAccessToken(sellerId, call)).resolves.toBe("ok");
    expect(calls).toBe(1);
  });
});

describe("an early call (startEarly, then withAccessToken)", () => {
  /** getShop, counting the calls and the tokens they carried. */
  function countingCall() {
    const tokens: string[] = [];
    const call = (token: string) => {
      tokens.push(token);
      return getShop(config(), token);
    };
    return { tokens, call };
  }

  it("is the call when it went out as the seller with the token the request would use: Depop is asked once", async () => {
    const { sellerId, access } = await seedConnection({ expiresInMs: 10 * 60_000 });
    const { tokens, call } = countingCall();
    const early = startEarly(await row(sellerId), call);
    expect(early).not.toBeNull();
    await expect(withAccessToken(sellerId, call, early)).resolves.toMatchObject({ username: "unit_shop" });
    expect(tokens).toEqual([access]);
  });

  it("is dropped when the token was replaced since: the call is made again with the current token", async () => {
    const { sellerId, access } = await seedConnection({ expiresInMs: 10 * 60_000 });
    const { tokens, call } = countingCall();
    const early = startEarly(await row(sellerId), call);
    // Another process renewed the pair after this one read it.
    const renewed = depop.issue();
    await db().connection.update({
      where: { sellerId },
      data: { accessTokenSealed: encrypt(renewed.access, `${sellerId}/access`, config().tokenKeys), version: 1 },
    });
    await withAccessToken(sellerId, call, early);
    expect(tokens).toEqual([access, renewed.access]);
  });

  it("is dropped when it went out as another seller", async () => {
    const other = await seedConnection({ expiresInMs: 10 * 60_000 });
    const { sellerId, access } = await seedConnection({ expiresInMs: 10 * 60_000 });
    const { tokens, call } = countingCall();
    const early = startEarly(await row(other.sellerId), call);
    await withAccessToken(sellerId, call, early);
    expect(tokens).toEqual([other.access, access]);
  });

  it("answered 401 is renewed and retried once, like any call", async () => {
    const { sellerId, access } = await seedConnection({ expiresInMs: 10 * 60_000 });
    depop.live.delete(access);
    const { tokens, call } = countingCall();
    const early = startEarly(await row(sellerId), call);
    await expect(withAccessToken(sellerId, call, early)).resolves.toMatchObject({ username: "unit_shop" });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe(access);
    expect(depop.refreshCalls).toHaveLength(1);
  });

  it("answered 429 pauses the seller as any call does", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: 10 * 60_000 });
    const limited = () => Promise.reject(new DepopApiError("rate_limited", "slow down", { retryAfterSeconds: 30 }));
    const early = startEarly(await row(sellerId), limited);
    await expect(withAccessToken(sellerId, limited, early)).rejects.toMatchObject({ kind: "rate_limited" });
    expect(((await row(sellerId)).rateLimitedUntil?.getTime() ?? 0) - Date.now()).toBeGreaterThan(25_000);
    // The paused seller gets no early call, from this process's copy of the pause or from the stored one.
    expect(startEarly(await row(sellerId), limited)).toBeNull();
  });

  it("is not made for a token due for renewal, a connection that needs Reconnect, a stored pause, or a token no key opens", async () => {
    const never = () => Promise.reject(new Error("must not be called"));
    const expiring = await seedConnection({ expiresInMs: 30_000 });
    expect(startEarly(await row(expiring.sellerId), never)).toBeNull();
    const broken = await seedConnection({ expiresInMs: 10 * 60_000 });
    await markReconnectRequired(broken.sellerId, "invalid_grant", 0);
    expect(startEarly(await row(broken.sellerId), never)).toBeNull();
    const paused = await seedConnection({ expiresInMs: 10 * 60_000 });
    await db().connection.update({
      where: { sellerId: paused.sellerId },
      data: { rateLimitedUntil: new Date(Date.now() + 20_000) },
    });
    expect(startEarly(await row(paused.sellerId), never)).toBeNull();
    const foreign = await seedConnection({ expiresInMs: 10 * 60_000, keys: [randomBytes(32)] });
    expect(startEarly(await row(foreign.sellerId), never)).toBeNull();
    // Nothing was written for it: the usual path decides what an unreadable token means.
    expect((await row(foreign.sellerId)).status).toBe("active");
  });
});

describe("key rotation", () => {
  it("re-encrypts a row sealed with an old key on its next write", async () => {
    const { sellerId } = await seedConnection({ expiresInMs: -1000, keys: [oldKey] });
    await getAccessToken(sellerId);
    const stored = await row(sellerId);
    expect(stored.accessTokenSealed.split(".")[1]).toBe(keyId(newKey));
    expect(stored.refreshTokenSealed.split(".")[1]).toBe(keyId(newKey));
  });

  it("keys:rotate re-encrypts every row still under an old key, and the tokens still work", async () => {
    const { sellerId, access } = await seedConnection({ expiresInMs: 10 * 60_000, keys: [oldKey] });
    const result = await reencryptConnections();
    expect(result.reencrypted).toBeGreaterThanOrEqual(1);
    const stored = await row(sellerId);
    expect(stored.accessTokenSealed.split(".")[1]).toBe(keyId(newKey));
    await expect(getAccessToken(sellerId)).resolves.toBe(access);
    expect((await reencryptConnections()).reencrypted).toBe(0);
  });
});
