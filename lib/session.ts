import "server-only";
import { createHash } from "node:crypto";
import { getIronSession, type SessionOptions, unsealData } from "iron-session";
import { cookies } from "next/headers";
import { z } from "zod";
import { config, DEPOP_SCOPES } from "./config";

/** iron-session takes a map of passwords; the highest id seals and every id unseals. */
function passwords(): Record<string, string> {
  const secrets = config().sessionSecrets;
  return Object.fromEntries(secrets.map((secret, index) => [String(secrets.length - index), secret]));
}

export const TRANSACTION_TTL_SECONDS = 10 * 60;
const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The OAuth transaction: lives only between the Connect click and the callback, and only on the callback path. */
export const transactionSchema = z.object({
  flow: z.literal("depop-connect/v1"),
  state: z.string().min(22),
  verifier: z.string().min(43).max(128),
  scopes: z.array(z.enum(DEPOP_SCOPES)).min(1),
  createdAt: z.number().int(),
});
export type Transaction = z.infer<typeof transactionSchema>;

const sessionSchema = z.object({ sellerId: z.string().min(1) });

function transactionOptions(): SessionOptions {
  return {
    cookieName: "depop_connect_tx",
    password: passwords(),
    ttl: TRANSACTION_TTL_SECONDS,
    cookieOptions: {
      httpOnly: true,
      // Lax, not Strict: Depop's redirect back to the callback is a cross-site top-level navigation.
      sameSite: "lax",
      secure: config().secureCookies,
      path: "/api/depop/callback",
      maxAge: TRANSACTION_TTL_SECONDS,
    },
  };
}

const SESSION_COOKIE = "depop_connect_session";

function sessionOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: passwords(),
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: config().secureCookies, path: "/" },
  };
}

const openTransaction = async () => getIronSession<Partial<Transaction>>(await cookies(), transactionOptions());
const openSession = async () => getIronSession<{ sellerId?: string }>(await cookies(), sessionOptions());

export async function saveTransaction(transaction: Transaction): Promise<void> {
  const session = await openTransaction();
  Object.assign(session, transaction);
  await session.save();
}

/** Reads and clears the transaction in one step: a transaction is good for exactly one callback. */
export async function takeTransaction(): Promise<Transaction | null> {
  const session = await openTransaction();
  const parsed = transactionSchema.safeParse({ ...session });
  session.destroy();
  return parsed.success ? parsed.data : null;
}

/** Clears the transaction without reading it (a callback refused before it is even parsed). */
export async function discardTransaction(): Promise<void> {
  (await openTransaction()).destroy();
}

/**
 * The signed-in seller, or null. Unsealing costs several WebCrypto calls; a seal is immutable and its expiry is
 * inside it, so a good seal's result is remembered for a minute (keyed by its hash: no cookie value is held).
 */
export async function getSessionSellerId(): Promise<string | null> {
  const seal = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!seal) return null;
  const key = createHash("sha256").update(seal).digest("base64url");
  const now = Date.now();
  const known = unsealedSessions.get(key);
  if (known && known.until > now) return known.sellerId;
  if (known) unsealedSessions.delete(key);

  const parsed = sessionSchema.safeParse(await unsealData(seal, { password: passwords(), ttl: SESSION_TTL_SECONDS }));
  if (!parsed.success) return null;
  rememberSession(key, parsed.data.sellerId, Math.min(now + UNSEALED_SESSION_MS, sealExpiry(seal) ?? now));
  return parsed.data.sellerId;
}

const UNSEALED_SESSION_MS = 60_000;
const UNSEALED_SESSION_LIMIT = 10_000;
const unsealedSessions = new Map<string, { sellerId: string; until: number }>();

function rememberSession(key: string, sellerId: string, until: number): void {
  // Oldest first out: a Map iterates in insertion order.
  if (unsealedSessions.size >= UNSEALED_SESSION_LIMIT) {
    const oldest = unsealedSessions.keys().next().value;
    if (oldest !== undefined) unsealedSessions.delete(oldest);
  }
  unsealedSessions.set(key, { sellerId, until });
}

/** The expiry (ms) an iron seal carries: `Fe26.2*id*salt*iv*data*<expiry>*hmacSalt*hmac~2`, checked by its HMAC. */
function sealExpiry(seal: string): number | null {
  const expiry = seal.split("*")[5];
  return expiry && /^\d+$/.test(expiry) ? Number(expiry) : null;
}

export async function startSession(sellerId: string): Promise<void> {
  const session = await openSession();
  session.sellerId = sellerId;
  await session.save();
}

export async function endSession(): Promise<void> {
  (await openSession()).destroy();
}
