import "server-only";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { cache } from "react";
import { z } from "zod";
import { config, type DepopScope } from "./config";
import { DecryptError, decrypt, encrypt, sealedWithOldKey } from "./crypto";
import { db } from "./db";
import { DepopApiError, getShop } from "./depop/api";
import { exchangeCode, refreshTokens, startAuthorization, TokenError, validateCallback } from "./depop/oauth";
import type { Shop, TokenResponse } from "./depop/schemas";
import type { Connection } from "./generated/prisma/client";
import { log } from "./log";
import type { ProblemCode } from "./problems";
import {
  endSession,
  saveTransaction,
  startSession,
  TRANSACTION_TTL_SECONDS,
  type Transaction,
  takeTransaction,
} from "./session";

/** Seller connections: the only module that stores, reads or renews Depop tokens. */

const REFRESH_SKEW_MS = 60_000;
const REFRESH_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
const REFRESH_LEASE_MS = 30_000;
const LEASE_POLL_MS = 100;

export type EventKind = "connected" | "refreshed" | "refresh_failed" | "reconnect_needed" | "disconnected";

/** The seller must go through Connect again: the grant is gone, or its tokens can no longer be read. */
export class ReconnectRequiredError extends Error {
  override name = "ReconnectRequiredError";
}

/** No stored connection for this seller (never connected, or disconnected). */
export class NotConnectedError extends Error {
  override name = "NotConnectedError";
}

// ---------------------------------------------------------------------------------------------------------
// Connect

/**
 * Starts the OAuth flow. `extraScopes` asks for more than the configured scopes, e.g. the one a 403 named, so a
 * seller can grant it on reconnect.
 */
export async function startConnection(extraScopes: readonly DepopScope[] = []): Promise<URL> {
  const settings = config();
  const scopes = [...new Set([...settings.scopes, ...extraScopes])];
  const { state, verifier, url } = await startAuthorization({ ...settings, scopes });
  await saveTransaction({ flow: "depop-connect/v1", state, verifier, scopes, createdAt: Date.now() });
  return url;
}

const callbackValue = (max: number) => z.string().min(1).max(max).optional();
const callbackQuerySchema = z.object({
  code: callbackValue(1024),
  state: callbackValue(512),
  error: callbackValue(128),
  error_description: z.string().max(2048).optional(),
  error_uri: z.string().max(2048).optional(),
  iss: z.string().max(2048).optional(),
});

export type ConnectionResult = { ok: true; sellerId: string } | { ok: false; problem: ProblemCode };

/**
 * Finishes the OAuth flow for the browser that started it. The transaction is consumed whatever happens,
 * and nothing is sent to Depop unless the returned state is the one this browser's transaction holds.
 */
export async function completeConnection(params: URLSearchParams): Promise<ConnectionResult> {
  const transaction = await takeTransaction();
  const checked = checkCallback(params, transaction, Date.now());
  if (!checked.ok) return checked;

  const settings = config();
  let tokens: TokenResponse;
  try {
    const validated = validateCallback(settings, params, checked.transaction.state);
    tokens = await exchangeCode(settings, validated, checked.transaction.verifier);
  } catch (error) {
    return { ok: false, problem: tokenProblem(error) };
  }

  let shop: Shop;
  try {
    shop = await getShop(settings, tokens.access_token);
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "insufficient_scope") {
      return { ok: false, problem: "missing_scope" };
    }
    if (error instanceof DepopApiError && (error.kind === "unavailable" || error.kind === "rate_limited")) {
      return { ok: false, problem: "depop_unavailable" };
    }
    return { ok: false, problem: "invalid_response" };
  }

  let sellerId: string;
  try {
    sellerId = await saveConnection(shop, tokens, checked.transaction.scopes);
  } catch {
    return { ok: false, problem: "storage_failed" };
  }
  await startSession(sellerId);
  return { ok: true, sellerId };
}

/**
 * The checks made before anything is sent to Depop, in order: one value per parameter, sane sizes, a live
 * transaction from this browser, the state it holds (constant time), then Depop's error, then a code.
 */
export function checkCallback(
  params: URLSearchParams,
  transaction: Transaction | null,
  now: number,
): { ok: true; transaction: Transaction } | { ok: false; problem: ProblemCode } {
  const keys = [...params.keys()];
  if (new Set(keys).size !== keys.length) return { ok: false, problem: "invalid_callback" };
  const query = callbackQuerySchema.safeParse(Object.fromEntries(params));
  if (!query.success) return { ok: false, problem: "invalid_callback" };

  if (!transaction || now - transaction.createdAt > TRANSACTION_TTL_SECONDS * 1000) {
    return { ok: false, problem: "expired" };
  }
  if (!query.data.state || !sameSecret(query.data.state, transaction.state)) {
    return { ok: false, problem: "state_mismatch" };
  }
  // A response is either a code or an error (RFC 6749 §4.1.2); one claiming both is not Depop's.
  if (query.data.error && query.data.code) return { ok: false, problem: "invalid_callback" };
  if (query.data.error) {
    return { ok: false, problem: query.data.error === "access_denied" ? "denied" : "authorize_error" };
  }
  if (!query.data.code || query.data.error_description !== undefined) {
    return { ok: false, problem: "invalid_callback" };
  }
  return { ok: true, transaction };
}

function tokenProblem(error: unknown): ProblemCode {
  if (!(error instanceof TokenError)) return "invalid_callback";
  switch (error.kind) {
    case "invalid_grant":
      return "code_rejected";
    case "rejected":
      return "exchange_failed";
    case "unavailable":
      return "depop_unavailable";
    case "invalid_response":
      return "invalid_response";
  }
}

/** Constant-time comparison that does not leak the length either. */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function sealPair(sellerId: string, tokens: TokenResponse, now: number) {
  const keys = config().tokenKeys;
  return {
    accessTokenSealed: encrypt(tokens.access_token, `${sellerId}/access`, keys),
    refreshTokenSealed: encrypt(tokens.refresh_token, `${sellerId}/refresh`, keys),
    accessTokenExpiresAt: new Date(now + tokens.expires_in * 1000),
  };
}

/**
 * Stores the seller and their new grant in one transaction. Plain SQL (three statements, no reads) rather than
 * model upserts: Prisma compiles an upsert into a read and a write per table, which made this the callback's
 * slowest step; the statements below are the same upserts, each done by SQLite in one step.
 */
async function saveConnection(shop: Shop, tokens: TokenResponse, requested: readonly string[]): Promise<string> {
  const now = new Date();
  // Depop's token response names no scopes; if one ever does, it is the better record of what was granted.
  const scopes = (tokens.scope?.split(/[\s+]+/).filter(Boolean) ?? requested).join(" ");
  const depopShopId = String(shop.id);
  return db().$transaction(async (tx) => {
    // A seller keeps the id of their first connect (their sealed tokens are bound to it).
    const [seller] = z.array(z.object({ id: z.string() })).parse(
      await tx.$queryRaw`
        INSERT INTO "Seller" ("id", "depopShopId", "username", "countryCode", "createdAt", "updatedAt")
        VALUES (${randomUUID()}, ${depopShopId}, ${shop.username}, ${shop.country_code}, ${now}, ${now})
        ON CONFLICT ("depopShopId") DO UPDATE SET
          "username" = excluded."username", "countryCode" = excluded."countryCode", "updatedAt" = excluded."updatedAt"
        RETURNING "id"`,
    );
    if (!seller) throw new Error("the seller upsert returned no row");
    const sealed = sealPair(seller.id, tokens, now.getTime());
    // A new authorization starts a new refresh-token family: one year from now, not renewed by refreshes.
    const refreshTokenExpiresAt = new Date(now.getTime() + REFRESH_TOKEN_LIFETIME_MS);
    await tx.$executeRaw`
      INSERT INTO "Connection" ("sellerId", "accessTokenSealed", "refreshTokenSealed", "accessTokenExpiresAt",
        "refreshTokenExpiresAt", "scopes", "status", "connectedAt", "updatedAt")
      VALUES (${seller.id}, ${sealed.accessTokenSealed}, ${sealed.refreshTokenSealed}, ${sealed.accessTokenExpiresAt},
        ${refreshTokenExpiresAt}, ${scopes}, ${"active"}, ${now}, ${now})
      ON CONFLICT ("sellerId") DO UPDATE SET
        "accessTokenSealed" = excluded."accessTokenSealed", "refreshTokenSealed" = excluded."refreshTokenSealed",
        "accessTokenExpiresAt" = excluded."accessTokenExpiresAt",
        "refreshTokenExpiresAt" = excluded."refreshTokenExpiresAt", "scopes" = excluded."scopes",
        "status" = excluded."status", "connectedAt" = excluded."connectedAt", "refreshedAt" = NULL,
        "refreshLeaseUntil" = NULL, "version" = "Connection"."version" + 1, "updatedAt" = excluded."updatedAt"`;
    await tx.$executeRaw`
      INSERT INTO "ConnectionEvent" ("sellerId", "kind", "createdAt")
      VALUES (${seller.id}, ${"connected" satisfies EventKind}, ${now})`;
    return seller.id;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Use

type CurrentToken = { token: string; version: number };

/** A valid access token for the seller, refreshed first when it expires within a minute. */
export async function getAccessToken(sellerId: string): Promise<string> {
  return (await currentToken(sellerId)).token;
}

/**
 * Runs a Depop call with the seller's token. A 401 means the token died early (revoked, clock skew): refresh
 * once and retry once; a second 401 is final. After a 429 the seller's calls pause for Retry-After (or a
 * default back-off) instead of hammering Depop; the pause is stored with the connection, so every process and
 * worker of the app keeps it.
 */
export async function withAccessToken<T>(sellerId: string, call: (token: string) => Promise<T>): Promise<T> {
  const stored = (await loadConnectionForRequest(sellerId))?.rateLimitedUntil?.getTime() ?? 0;
  const pausedUntil = Math.max(rateLimitedUntil.get(sellerId) ?? 0, stored);
  if (pausedUntil > Date.now()) {
    throw new DepopApiError("rate_limited", "waiting out Depop's rate limit", {
      retryAfterSeconds: Math.ceil((pausedUntil - Date.now()) / 1000),
    });
  }
  rateLimitedUntil.delete(sellerId);
  try {
    return await callWithOneRetry(sellerId, call);
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "rate_limited") await pause(sellerId, error);
    throw error;
  }
}

const DEFAULT_RATE_LIMIT_BACKOFF_S = 30;
// This process's copy of the pauses: it holds even when the database cannot be written.
const rateLimitedUntil = new Map<string, number>();

async function pause(sellerId: string, error: DepopApiError): Promise<void> {
  const until = Date.now() + (error.details.retryAfterSeconds ?? DEFAULT_RATE_LIMIT_BACKOFF_S) * 1000;
  rateLimitedUntil.set(sellerId, until);
  try {
    await db().connection.updateMany({ where: { sellerId }, data: { rateLimitedUntil: new Date(until) } });
  } catch (writeError) {
    log.warn("could not store a rate-limit pause; this process keeps it", { sellerId, error: writeError });
  }
}

async function callWithOneRetry<T>(sellerId: string, call: (token: string) => Promise<T>): Promise<T> {
  const first = await currentToken(sellerId);
  try {
    return await call(first.token);
  } catch (error) {
    if (!(error instanceof DepopApiError && error.kind === "unauthorized")) throw error;
  }
  const second = await refreshForRequest(sellerId, first.version);
  return call(second.token);
}

async function currentToken(sellerId: string): Promise<CurrentToken> {
  const connection = usable(await loadConnectionForRequest(sellerId));
  if (connection.accessTokenExpiresAt.getTime() - Date.now() > REFRESH_SKEW_MS) {
    return { token: await openAccess(connection), version: connection.version };
  }
  return refreshForRequest(sellerId, connection.version);
}

/**
 * The seller's connection as this request first saw it: one database read per request however many components
 * ask (React `cache`; outside a request it simply reads). Anything that decides on a refresh reads afresh.
 */
const loadConnectionForRequest = cache(async (sellerId: string): Promise<ConnectionWithSeller | null> => {
  // The hottest read in the app (every page): one indexed join, as raw SQL through Prisma, checked by zod.
  const rows = await db().$queryRaw<unknown[]>`
    SELECT c."sellerId", c."accessTokenSealed", c."refreshTokenSealed", c."accessTokenExpiresAt",
           c."refreshTokenExpiresAt", c."scopes", c."version", c."status", c."refreshLeaseUntil", c."connectedAt",
           c."refreshedAt", c."rateLimitedUntil", c."updatedAt", s."depopShopId", s."username"
    FROM "Connection" c JOIN "Seller" s ON s."id" = c."sellerId"
    WHERE c."sellerId" = ${sellerId}
    LIMIT 1`;
  return rows.length === 0 ? null : connectionRowSchema.parse(rows[0]);
});

type ConnectionWithSeller = Connection & { depopShopId: string; username: string };

const connectionRowSchema = z.object({
  sellerId: z.string(),
  accessTokenSealed: z.string(),
  refreshTokenSealed: z.string(),
  accessTokenExpiresAt: z.date(),
  refreshTokenExpiresAt: z.date(),
  scopes: z.string(),
  version: z.number().int(),
  status: z.string(),
  refreshLeaseUntil: z.date().nullable(),
  connectedAt: z.date(),
  refreshedAt: z.date().nullable(),
  rateLimitedUntil: z.date().nullable(),
  updatedAt: z.date(),
  depopShopId: z.string(),
  username: z.string(),
}) satisfies z.ZodType<ConnectionWithSeller>;

async function loadUsable(sellerId: string): Promise<Connection> {
  return usable(await db().connection.findUnique({ where: { sellerId } }));
}

function usable(connection: Connection | null): Connection {
  if (!connection) throw new NotConnectedError("not connected");
  if (connection.status !== "active") throw new ReconnectRequiredError("reconnect required");
  return connection;
}

async function openAccess(connection: Connection): Promise<string> {
  try {
    return decrypt(connection.accessTokenSealed, `${connection.sellerId}/access`, config().tokenKeys);
  } catch (error) {
    if (error instanceof DecryptError) await markReconnectRequired(connection.sellerId, "undecryptable");
    throw new ReconnectRequiredError("stored token cannot be read");
  }
}

// One refresh per seller per process; the lease in the row makes it one per seller across processes.
const inflight = new Map<string, Promise<CurrentToken>>();

/**
 * One refresh attempt per seller and stale pair per request (React `cache`): the dashboard's two calls can both
 * meet a 401, and when the first refresh fails fast the second must share its outcome rather than ask Depop again.
 */
const refreshForRequest = cache((sellerId: string, staleVersion: number) => refreshShared(sellerId, staleVersion));

function refreshShared(sellerId: string, staleVersion: number): Promise<CurrentToken> {
  let pending = inflight.get(sellerId);
  if (!pending) {
    pending = refreshConnection(sellerId, staleVersion).finally(() => inflight.delete(sellerId));
    inflight.set(sellerId, pending);
  }
  return pending;
}

async function refreshConnection(sellerId: string, staleVersion: number): Promise<CurrentToken> {
  const deadline = Date.now() + REFRESH_LEASE_MS + 5_000;
  while (Date.now() < deadline) {
    const connection = await loadUsable(sellerId);
    // Another process (or an earlier call) already replaced the stale pair: use its tokens.
    if (connection.version !== staleVersion) {
      return { token: await openAccess(connection), version: connection.version };
    }
    const now = new Date();
    const claimed = await db().connection.updateMany({
      where: {
        sellerId,
        version: connection.version,
        status: "active",
        OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lt: now } }],
      },
      data: { refreshLeaseUntil: new Date(now.getTime() + REFRESH_LEASE_MS) },
    });
    if (claimed.count === 1) return refreshClaimed(connection);
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
  }
  throw new DepopApiError("unavailable", "timed out waiting for another refresh");
}

async function refreshClaimed(connection: Connection): Promise<CurrentToken> {
  const { sellerId, version } = connection;
  let refreshToken: string;
  try {
    refreshToken = decrypt(connection.refreshTokenSealed, `${sellerId}/refresh`, config().tokenKeys);
  } catch {
    await markReconnectRequired(sellerId, "undecryptable");
    throw new ReconnectRequiredError("stored token cannot be read");
  }

  let tokens: TokenResponse;
  try {
    tokens = await refreshTokens(config(), refreshToken);
  } catch (error) {
    const kind = error instanceof TokenError ? error.kind : "unavailable";
    if (kind === "invalid_grant") {
      await markReconnectRequired(sellerId, "invalid_grant");
      throw new ReconnectRequiredError("the grant was revoked or expired");
    }
    // Transient or unexpected: keep the tokens we have (the refresh token was not consumed) and let go.
    log.warn("token refresh failed; tokens kept", { sellerId, kind });
    await db().connection.updateMany({ where: { sellerId, version }, data: { refreshLeaseUntil: null } });
    await logEvent(sellerId, "refresh_failed", kind);
    throw new DepopApiError(kind === "invalid_response" ? "invalid_response" : "unavailable", "refresh failed");
  }

  // The new pair is stored before anyone uses it: Depop has already retired the old refresh token, so this write
  // is retried through a busy database rather than given up at the first SQLITE_BUSY.
  const now = Date.now();
  const data = {
    ...sealPair(sellerId, tokens, now),
    version: version + 1,
    refreshedAt: new Date(now),
    refreshLeaseUntil: null,
  };
  let written: { count: number } | undefined;
  for (let attempt = 1; !written; attempt++) {
    try {
      written = await db().connection.updateMany({ where: { sellerId, version }, data });
    } catch (error) {
      if (attempt >= ROTATION_WRITE_ATTEMPTS) {
        log.error("a rotated refresh token could not be stored: the seller will have to reconnect", {
          sellerId,
          error,
        });
        throw new DepopApiError("unavailable", "could not store the renewed tokens");
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
  if (written.count === 1) await logEvent(sellerId, "refreshed");
  return { token: tokens.access_token, version: version + 1 };
}

const ROTATION_WRITE_ATTEMPTS = 4;

async function markReconnectRequired(sellerId: string, reason: string): Promise<void> {
  const updated = await db().connection.updateMany({
    where: { sellerId, status: "active" },
    data: { status: "reconnect_required", refreshLeaseUntil: null },
  });
  if (updated.count === 1) {
    log.warn("connection needs reconnecting", { sellerId, reason });
    await logEvent(sellerId, "reconnect_needed", reason);
  }
}

async function logEvent(sellerId: string, kind: EventKind, detail?: string): Promise<void> {
  await db().connectionEvent.create({ data: { sellerId, kind, detail: detail ?? null } });
}

// ---------------------------------------------------------------------------------------------------------
// Key rotation

/**
 * Re-encrypts every stored token pair sealed with an older key under the current (first) key. Rows being
 * refreshed right now are skipped (their refresh writes with the current key anyway); rows no configured key
 * can open are left alone and counted, so an operator can see them.
 */
export async function reencryptConnections(): Promise<{ reencrypted: number; current: number; unreadable: number }> {
  const keys = config().tokenKeys;
  const result = { reencrypted: 0, current: 0, unreadable: 0 };
  for (const connection of await db().connection.findMany()) {
    const { sellerId } = connection;
    if (
      !sealedWithOldKey(connection.accessTokenSealed, keys) &&
      !sealedWithOldKey(connection.refreshTokenSealed, keys)
    ) {
      result.current++;
      continue;
    }
    let access: string;
    let refresh: string;
    try {
      access = decrypt(connection.accessTokenSealed, `${sellerId}/access`, keys);
      refresh = decrypt(connection.refreshTokenSealed, `${sellerId}/refresh`, keys);
    } catch {
      result.unreadable++;
      continue;
    }
    const now = new Date();
    const updated = await db().connection.updateMany({
      where: {
        sellerId,
        version: connection.version,
        OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lt: now } }],
      },
      data: {
        accessTokenSealed: encrypt(access, `${sellerId}/access`, keys),
        refreshTokenSealed: encrypt(refresh, `${sellerId}/refresh`, keys),
      },
    });
    if (updated.count === 1) result.reencrypted++;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Read and end

export type SellerConnection = {
  sellerId: string;
  depopShopId: string;
  username: string;
  scopes: string[];
  status: "active" | "reconnect_required";
  connectedAt: Date;
  refreshedAt: Date | null;
  accessTokenExpiresAt: Date;
  refreshTokenExpiresAt: Date;
};

/** What the app may show about a connection: everything but the tokens. */
export async function getSellerConnection(sellerId: string): Promise<SellerConnection | null> {
  const connection = await loadConnectionForRequest(sellerId);
  if (!connection) return null;
  return {
    sellerId,
    depopShopId: connection.depopShopId,
    username: connection.username,
    scopes: connection.scopes.split(" ").filter(Boolean),
    status: connection.status === "active" ? "active" : "reconnect_required",
    connectedAt: connection.connectedAt,
    refreshedAt: connection.refreshedAt,
    accessTokenExpiresAt: connection.accessTokenExpiresAt,
    refreshTokenExpiresAt: connection.refreshTokenExpiresAt,
  };
}

export async function listEvents(sellerId: string, take = 10) {
  return db().connectionEvent.findMany({
    where: { sellerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, kind: true, detail: true, createdAt: true },
  });
}

/** Deletes the seller's tokens and ends this browser's session. The seller row and audit trail remain. */
export async function disconnect(sellerId: string): Promise<void> {
  const deleted = await db().connection.deleteMany({ where: { sellerId } });
  if (deleted.count > 0) await logEvent(sellerId, "disconnected");
  await endSession();
}
