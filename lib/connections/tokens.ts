import "server-only";
import { cache } from "react";
import { config } from "../config";
import { decrypt } from "../crypto";
import { db } from "../db";
import { DepopApiError } from "../depop/api";
import { refreshTokens, TokenError } from "../depop/oauth";
import type { TokenResponse } from "../depop/schemas";
import type { Connection } from "../generated/prisma/client";
import { log } from "../log";
import { ReconnectRequiredError } from "./errors";
import { logEvent } from "./events";
import {
  accessTokenOf,
  loadConnectionForRequest,
  loadUsable,
  markReconnectRequired,
  openAccess,
  sealPair,
  usable,
} from "./store";

/**
 * Using a seller's tokens: a valid access token for every call, renewed when it is about to expire or after a 401,
 * and renewed once per seller however many requests, processes and instances ask at the same moment.
 *
 * Across processes the row itself is the lock: a refresh first claims a lease with a compare-and-swap (one UPDATE
 * whose WHERE names the version it read and an absent or expired lease). The database applies that statement
 * atomically; under PostgreSQL's READ COMMITTED a concurrent claim waits for the row and re-checks the WHERE on
 * the committed row, so exactly one claimant wins. The others poll until the version changes and use the new pair.
 */

const REFRESH_SKEW_MS = 60_000;
// The lease outlives the token request (its timeout) with room to store the answer: a refresh is never still
// running when another process may take over.
const LEASE_MARGIN_MS = 5_000;
const LEASE_POLL_MS = 100;
const ROTATION_WRITE_ATTEMPTS = 8;

const leaseMs = () => config().httpTimeoutMs + LEASE_MARGIN_MS;

type CurrentToken = { token: string; version: number };

/** A valid access token for the seller, refreshed first when it expires within a minute. */
export async function getAccessToken(sellerId: string): Promise<string> {
  return (await currentToken(sellerId)).token;
}

/**
 * Runs a Depop call with the seller's token. A 401 means the token died early (revoked, clock skew): refresh
 * once and retry once; a second 401 is final. After a 429 the seller's calls pause for Retry-After (or a
 * default back-off) instead of hammering Depop; the pause is stored with the connection, so every process and
 * worker of the app keeps it. `early` (from startEarly) stands in for the first call when it went out as this seller
 * with the token this request's read finds; its failures are handled as the first call's would be.
 */
export async function withAccessToken<T>(
  sellerId: string,
  call: (token: string) => Promise<T>,
  early?: EarlyCall<T> | null,
): Promise<T> {
  const pausedUntil = pausedFor(sellerId, await loadConnectionForRequest(sellerId));
  if (pausedUntil > Date.now()) {
    throw new DepopApiError("rate_limited", "waiting out Depop's rate limit", {
      retryAfterSeconds: Math.ceil((pausedUntil - Date.now()) / 1000),
    });
  }
  rateLimitedUntil.delete(sellerId);
  try {
    return await callWithOneRetry(sellerId, call, early);
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "rate_limited") await pause(sellerId, error);
    throw error;
  }
}

/** A Depop call started before the request's own read of the connection came back (`startEarly`). */
export type EarlyCall<T> = { sellerId: string; version: number; result: Promise<T> };

/**
 * Starts `call` with the token of a connection this process read recently, so the call does not wait for the
 * request's database read. Null when that connection would not be used as it is: not active, its token due for
 * renewal, or the seller paused after a 429. withAccessToken uses the result only when the request's own read finds
 * the same seller and token version; otherwise the early call is dropped and the call made again as usual. Nothing
 * here writes: a token that cannot be decrypted just means no early call (the usual path deals with it).
 */
export function startEarly<T>(connection: Connection, call: (token: string) => Promise<T>): EarlyCall<T> | null {
  if (connection.status !== "active" || !lastsAWhile(connection)) return null;
  if (pausedFor(connection.sellerId, connection) > Date.now()) return null;
  let token: string;
  try {
    token = accessTokenOf(connection);
  } catch {
    return null;
  }
  const result = call(token);
  // Awaited by withAccessToken, or dropped: a dropped failure must not surface as an unhandled rejection.
  result.catch(() => undefined);
  return { sellerId: connection.sellerId, version: connection.version, result };
}

/** Until when the seller's calls wait out a 429: this process's copy of the pause or the one stored with `connection`. */
function pausedFor(sellerId: string, connection: Connection | null): number {
  return Math.max(rateLimitedUntil.get(sellerId) ?? 0, connection?.rateLimitedUntil?.getTime() ?? 0);
}

/** The access token is good for more than REFRESH_SKEW_MS yet (else it is renewed before use). */
const lastsAWhile = (connection: Connection) =>
  connection.accessTokenExpiresAt.getTime() - Date.now() > REFRESH_SKEW_MS;

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

async function callWithOneRetry<T>(
  sellerId: string,
  call: (token: string) => Promise<T>,
  early: EarlyCall<T> | null | undefined,
): Promise<T> {
  const first = await currentToken(sellerId);
  try {
    // The early call counts only if it went out as this seller with the token this request would use.
    const sameToken = early && early.sellerId === sellerId && early.version === first.version;
    return await (sameToken ? early.result : call(first.token));
  } catch (error) {
    if (!(error instanceof DepopApiError && error.kind === "unauthorized")) throw error;
  }
  const second = await refreshForRequest(sellerId, first.version);
  return call(second.token);
}

async function currentToken(sellerId: string): Promise<CurrentToken> {
  const connection = usable(await loadConnectionForRequest(sellerId));
  if (lastsAWhile(connection)) {
    return { token: await openAccess(connection), version: connection.version };
  }
  return refreshForRequest(sellerId, connection.version);
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
  // A waiter gives up a little after the longest a claimant can hold the lease.
  const deadline = Date.now() + leaseMs() + LEASE_MARGIN_MS;
  while (Date.now() < deadline) {
    const connection = await loadUsable(sellerId);
    // Another process (or an earlier call) already replaced the stale pair: use its tokens.
    if (connection.version !== staleVersion) {
      return { token: await openAccess(connection), version: connection.version };
    }
    const now = new Date();
    const claimed = await db().$executeRaw`
      UPDATE "Connection" SET "refreshLeaseUntil" = ${new Date(now.getTime() + leaseMs())}
      WHERE "sellerId" = ${sellerId} AND "version" = ${connection.version} AND "status" = ${"active"}
        AND ("refreshLeaseUntil" IS NULL OR "refreshLeaseUntil" < ${now})`;
    if (claimed === 1) return refreshClaimed(connection);
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
    await markReconnectRequired(sellerId, "undecryptable", version);
    throw new ReconnectRequiredError("stored token cannot be read");
  }

  let tokens: TokenResponse;
  try {
    tokens = await refreshTokens(config(), refreshToken);
  } catch (error) {
    const kind = error instanceof TokenError ? error.kind : "unavailable";
    if (kind === "invalid_grant") {
      await markReconnectRequired(sellerId, "invalid_grant", version);
      throw new ReconnectRequiredError("the grant was revoked or expired");
    }
    // Transient or unexpected: keep the tokens we have (the refresh token was not consumed) and let go.
    log.warn("token refresh failed; tokens kept", { sellerId, kind });
    await db().connection.updateMany({ where: { sellerId, version }, data: { refreshLeaseUntil: null } });
    await logEvent(sellerId, "refresh_failed", kind);
    throw new DepopApiError(kind === "invalid_response" ? "invalid_response" : "unavailable", "refresh failed");
  }

  // Depop has retired the old refresh token the moment it answered: the new pair is sealed and written at once,
  // with nothing in between, and the write is retried through a busy, restarting or briefly unreachable database
  // rather than given up at the first error. The row is active again whatever a racing loser marked meanwhile:
  // this pair is the valid one.
  await storeRotatedPair(sellerId, version, tokens);
  return { token: tokens.access_token, version: version + 1 };
}

async function storeRotatedPair(sellerId: string, version: number, tokens: TokenResponse): Promise<void> {
  const now = Date.now();
  const sealed = sealPair(sellerId, tokens, now);
  for (let attempt = 1; ; attempt++) {
    try {
      const written = await db().$executeRaw`
        UPDATE "Connection" SET "accessTokenSealed" = ${sealed.accessTokenSealed},
          "refreshTokenSealed" = ${sealed.refreshTokenSealed}, "accessTokenExpiresAt" = ${sealed.accessTokenExpiresAt},
          "version" = ${version + 1}, "status" = ${"active"}, "refreshedAt" = ${new Date(now)},
          "refreshLeaseUntil" = NULL, "updatedAt" = ${new Date(now)}
        WHERE "sellerId" = ${sellerId} AND "version" = ${version}`;
      if (written === 1) await logEvent(sellerId, "refreshed").catch(() => undefined);
      return;
    } catch (error) {
      if (attempt >= ROTATION_WRITE_ATTEMPTS) {
        log.error("a rotated refresh token could not be stored: the seller will have to reconnect", {
          sellerId,
          error,
        });
        throw new DepopApiError("unavailable", "could not store the renewed tokens");
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 1000)));
    }
  }
}
