import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { DEPOP_SCOPES } from "./config";
import { clearCookie, cookieNames, seal, setCookie, singleCookie, unseal } from "./cookies";

/**
 * The two cookies: the OAuth transaction (between the Connect click and the callback, only on the callback path)
 * and the session (a random token; the server-side record it names is in lib/sessions.ts).
 */

export const TRANSACTION_TTL_SECONDS = 10 * 60;
export const SESSION_COOKIE_TTL_SECONDS = 30 * 24 * 60 * 60;
const CALLBACK_PATH = "/api/depop/callback";

export const transactionSchema = z.object({
  flow: z.literal("depop-connect/v1"),
  state: z.string().min(22).max(512),
  verifier: z.string().min(43).max(128),
  scopes: z.array(z.enum(DEPOP_SCOPES)).min(1),
  createdAt: z.number().int(),
});
export type Transaction = z.infer<typeof transactionSchema>;

export async function saveTransaction(transaction: Transaction): Promise<void> {
  await setCookie(cookieNames().transaction, await seal(transaction, TRANSACTION_TTL_SECONDS), {
    path: CALLBACK_PATH,
    maxAgeSeconds: TRANSACTION_TTL_SECONDS,
  });
}

/** Reads and clears this browser's transaction in one step (the server-side record makes it single-use). */
export async function takeTransaction(): Promise<Transaction | null> {
  const name = cookieNames().transaction;
  const value = await singleCookie(name);
  await clearCookie(name, CALLBACK_PATH);
  if (!value) return null;
  const parsed = transactionSchema.safeParse(await unseal(value, TRANSACTION_TTL_SECONDS));
  return parsed.success ? parsed.data : null;
}

/** Clears the transaction without reading it (a callback refused before it is even parsed). */
export async function discardTransaction(): Promise<void> {
  await clearCookie(cookieNames().transaction, CALLBACK_PATH);
}

const sessionCookieSchema = z.object({ token: z.string().regex(/^[\w-]{43}$/) });

/**
 * The session token this browser holds, or null. Unsealing costs several WebCrypto calls; a seal is immutable and
 * its expiry is inside it, so a good seal's token is remembered for a minute (keyed by the seal's hash: no cookie
 * value is held). Revocation does not depend on this: the record the token names is read on every request.
 */
export async function readSessionToken(): Promise<string | null> {
  const value = await singleCookie(cookieNames().session);
  if (!value) return null;
  const key = createHash("sha256").update(value).digest("base64url");
  const now = Date.now();
  const known = unsealed.get(key);
  if (known && known.until > now) return known.token;
  if (known) unsealed.delete(key);

  const parsed = sessionCookieSchema.safeParse(await unseal(value, SESSION_COOKIE_TTL_SECONDS));
  if (!parsed.success) return null;
  remember(key, parsed.data.token, Math.min(now + UNSEALED_MS, sealExpiry(value) ?? now));
  return parsed.data.token;
}

export async function writeSessionCookie(token: string): Promise<void> {
  await setCookie(cookieNames().session, await seal({ token }, SESSION_COOKIE_TTL_SECONDS), {
    path: "/",
    maxAgeSeconds: SESSION_COOKIE_TTL_SECONDS,
  });
}

export async function clearSessionCookie(): Promise<void> {
  await clearCookie(cookieNames().session, "/");
}

const UNSEALED_MS = 60_000;
const UNSEALED_LIMIT = 10_000;
const unsealed = new Map<string, { token: string; until: number }>();

function remember(key: string, token: string, until: number): void {
  // Oldest first out: a Map iterates in insertion order.
  if (unsealed.size >= UNSEALED_LIMIT) {
    const oldest = unsealed.keys().next().value;
    if (oldest !== undefined) unsealed.delete(oldest);
  }
  unsealed.set(key, { token, until });
}

/** The expiry (ms) an iron seal carries: `Fe26.2*id*salt*iv*data*<expiry>*hmacSalt*hmac~2`, checked by its HMAC. */
function sealExpiry(value: string): number | null {
  const expiry = value.split("*")[5];
  return expiry && /^\d+$/.test(expiry) ? Number(expiry) : null;
}
