import "server-only";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { config, DEPOP_SCOPES, type DepopScope } from "../config";
import { db } from "../db";
import { DepopApiError, getShop } from "../depop/api";
import { exchangeCode, startAuthorization, TokenError, validateCallback } from "../depop/oauth";
import type { Shop, TokenResponse } from "../depop/schemas";
import type { ProblemCode } from "../problems";
import {
  clearSessionCookie,
  saveTransaction,
  TRANSACTION_TTL_SECONDS,
  type Transaction,
  takeTransaction,
} from "../session";
import { startSession } from "../sessions";
import { type EventKind, logEvent } from "./events";
import { sealPair } from "./store";

/** Connecting and disconnecting a seller: the OAuth flow's two ends, and what is stored when it succeeds. */

const REFRESH_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Starts the OAuth flow. `extraScopes` asks for more than the configured scopes, e.g. the one a 403 named, so a
 * seller can grant it on reconnect.
 */
export async function startConnection(extraScopes: readonly DepopScope[] = []): Promise<URL> {
  const settings = config();
  const scopes = [...new Set([...settings.scopes, ...extraScopes])];
  const { state, verifier, url } = await startAuthorization({ ...settings, scopes });
  const now = Date.now();
  // The server's one-time record of this attempt (the callback consumes it), and a sweep of long-dead ones.
  await db().$transaction([
    db().oAuthTransaction.deleteMany({ where: { expiresAt: { lt: new Date(now - TRANSACTION_TTL_SECONDS * 1000) } } }),
    db().oAuthTransaction.create({
      data: {
        stateHash: stateHash(state),
        createdAt: new Date(now),
        expiresAt: new Date(now + TRANSACTION_TTL_SECONDS * 1000),
      },
    }),
  ]);
  await saveTransaction({ flow: "depop-connect/v1", state, verifier, scopes, createdAt: now });
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

  // Single use on the server, whatever the browser sends: a replayed callback (even with the old transaction
  // cookie) or a burst of guessed codes against one attempt finds it consumed, and nothing reaches Depop.
  try {
    if (!(await consumeTransaction(checked.transaction.state))) return { ok: false, problem: "expired" };
  } catch {
    return { ok: false, problem: "storage_failed" };
  }

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

const stateHash = (state: string) => createHash("sha256").update(state).digest("base64url");

/** Marks the attempt used, atomically: true for exactly one callback, on any instance. */
async function consumeTransaction(state: string): Promise<boolean> {
  const now = new Date();
  const consumed = await db().$executeRaw`
    UPDATE "OAuthTransaction" SET "consumedAt" = ${now}
    WHERE "stateHash" = ${stateHash(state)} AND "consumedAt" IS NULL AND "expiresAt" > ${now}`;
  return consumed === 1;
}

/** Constant-time comparison that does not leak the length either. */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Stores the seller and their new grant in one transaction. Plain SQL (three statements, no reads) rather than
 * model upserts: Prisma compiles an upsert into a read and a write per table, which made this the callback's
 * slowest step; the statements below are the same upserts, each done by SQLite in one step.
 */
async function saveConnection(shop: Shop, tokens: TokenResponse, requested: readonly string[]): Promise<string> {
  const now = new Date();
  const scopes = grantedScopes(tokens.scope, requested).join(" ");
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

/**
 * Depop's token response names no scopes; if one ever does, it is the better record of what was granted. Only
 * scopes Depop documents are kept (each once), so a token response cannot fill the row with arbitrary text.
 */
export function grantedScopes(scope: string | undefined, requested: readonly string[]): DepopScope[] {
  const known = (value: string): value is DepopScope => (DEPOP_SCOPES as readonly string[]).includes(value);
  const source = scope === undefined ? requested : scope.split(/[\s+]+/, 64);
  return [...new Set(source.filter(known))];
}

/**
 * Deletes the seller's tokens and ends every session of the seller, on every browser and instance. The seller row
 * and the activity log remain.
 */
export async function disconnect(sellerId: string): Promise<void> {
  const [deleted] = await db().$transaction([
    db().connection.deleteMany({ where: { sellerId } }),
    db().session.deleteMany({ where: { sellerId } }),
  ]);
  if (deleted.count > 0) await logEvent(sellerId, "disconnected");
  await clearSessionCookie();
}
