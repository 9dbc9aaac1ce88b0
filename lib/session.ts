import "server-only";
import { getIronSession, type SessionOptions } from "iron-session";
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

function sessionOptions(): SessionOptions {
  return {
    cookieName: "depop_connect_session",
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

export async function getSessionSellerId(): Promise<string | null> {
  const parsed = sessionSchema.safeParse({ ...(await openSession()) });
  return parsed.success ? parsed.data.sellerId : null;
}

export async function startSession(sellerId: string): Promise<void> {
  const session = await openSession();
  session.sellerId = sellerId;
  await session.save();
}

export async function endSession(): Promise<void> {
  (await openSession()).destroy();
}
