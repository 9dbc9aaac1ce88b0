import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { headers } from "next/headers";
import { cache } from "react";
import { z } from "zod";
import {
  CONNECTION_COLUMNS,
  type ConnectionWithSeller,
  parseConnectionRow,
  rememberConnectionForRequest,
} from "./connections/store";
import { db, readRow } from "./db";
import { Prisma } from "./generated/prisma/client";
import { clearSessionCookie, readSessionToken, writeSessionCookie } from "./session";

/**
 * Server-side sessions. The cookie holds a random 256-bit token (sealed); the database holds only its SHA-256, the
 * seller, and when it was made and last used. A session ends after SESSION_IDLE_MS without use or SESSION_LIFETIME_MS
 * after it began, whichever comes first, and the moment its row is deleted (sign-out, Disconnect): the row is read on
 * every request, on every instance, so a revoked or copied cookie opens nothing.
 */

export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
// "Last seen" is kept to within a few minutes: one write per session every few minutes, not one per request.
const TOUCH_AFTER_MS = 5 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * What this process last read for each recent session, by the session's id: a hint, never an authority. The
 * dashboard starts its Depop call with it while the session's own read is on its way, and shows nothing from that
 * call until the read confirms the same seller and token. Forgotten when the read finds the session gone, when it
 * ends here, and after HINT_MS.
 */
type Hint = { sellerId: string; connection: ConnectionWithSeller; until: number };
const hints = new Map<string, Hint>();
const HINT_MS = 5 * 60 * 1000;
const MAX_HINTS = 10_000;

function rememberHint(id: string, sellerId: string, connection: ConnectionWithSeller | null): void {
  hints.delete(id);
  if (!connection) return;
  // Oldest first in a Map: past the cap, the session seen longest ago goes.
  if (hints.size >= MAX_HINTS) hints.delete(hints.keys().next().value ?? "");
  hints.set(id, { sellerId, connection, until: Date.now() + HINT_MS });
}

/** Drops this process's hints for the seller's sessions (all of them, or all but `except`): they are ending. */
export function forgetSessionHints(sellerId: string, except?: string): void {
  for (const [id, hint] of hints) if (hint.sellerId === sellerId && id !== except) hints.delete(id);
}

/** This request's session id (the hash of the cookie's token), worked out once however many callers ask. */
const requestSessionId = cache(async (): Promise<string | null> => {
  const token = await readSessionToken();
  return token ? hashToken(token) : null;
});

/** The connection this process last read for this browser's session, without asking the database (see `hints`). */
export async function recentSessionConnection(): Promise<ConnectionWithSeller | null> {
  const id = await requestSessionId();
  const hint = id ? hints.get(id) : undefined;
  return hint && hint.until > Date.now() ? hint.connection : null;
}

/** Signs this browser in as the seller with a new session (ending the one it had, if any). */
export async function startSession(sellerId: string): Promise<void> {
  const previous = await readSessionToken();
  const token = randomBytes(32).toString("base64url");
  const now = Date.now();
  await db().$transaction([
    db().session.deleteMany({
      where: {
        OR: [
          ...(previous ? [{ id: hashToken(previous) }] : []),
          { sellerId, expiresAt: { lt: new Date(now) } },
          { sellerId, lastSeenAt: { lt: new Date(now - SESSION_IDLE_MS) } },
        ],
      },
    }),
    db().session.create({
      data: {
        id: hashToken(token),
        sellerId,
        createdAt: new Date(now),
        lastSeenAt: new Date(now),
        expiresAt: new Date(now + SESSION_LIFETIME_MS),
        browser: browserFamily((await headers()).get("user-agent")),
      },
    }),
  ]);
  await writeSessionCookie(token);
}

type CurrentSession = {
  id: string;
  sellerId: string;
  /** Orders waiting to be shipped, as far as the app knows (the dashboard's count), read with the session. */
  pendingShipments: number;
};

const sessionRowSchema = z.object({
  sessionSellerId: z.string(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
  // COUNT is a bigint on PostgreSQL.
  pendingShipments: z.union([z.number(), z.bigint()]).transform(Number),
});

/**
 * This request's session, checked against its record, once per request however many components ask. The same read
 * brings the seller's connection (handed to lib/connections for this request) and the count of orders to ship:
 * every page needs the first, the dashboard the second, and one indexed query costs less than three.
 */
const currentSession = cache(async (): Promise<CurrentSession | null> => {
  const id = await requestSessionId();
  if (!id) return null;
  const record = await readSession(id);
  if (!record) {
    hints.delete(id);
    return null;
  }
  const row = sessionRowSchema.parse(record);
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() <= now - SESSION_IDLE_MS) {
    hints.delete(id);
    await db().session.deleteMany({ where: { id } });
    return null;
  }
  const connection = parseConnectionRow(record);
  rememberConnectionForRequest(row.sessionSellerId, connection);
  rememberHint(id, row.sessionSellerId, connection);
  if (now - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db().session.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  return { id, sellerId: row.sessionSellerId, pendingShipments: row.pendingShipments };
});

async function readSession(id: string): Promise<Record<string, unknown> | null> {
  try {
    // Straight through the driver (lib/db/hot-read.ts): every page makes this read.
    return await readRow(Prisma.sql`
      SELECT se."sellerId" AS "sessionSellerId", se."lastSeenAt", se."expiresAt", ${CONNECTION_COLUMNS},
        (SELECT COUNT(*) FROM "Order" o WHERE o."sellerId" = se."sellerId" AND o."status" = ${"SHIPPING_PENDING"})
          AS "pendingShipments"
      FROM "Session" se
        LEFT JOIN "Connection" c ON c."sellerId" = se."sellerId"
        LEFT JOIN "Seller" shop ON shop."id" = c."sellerId"
      WHERE se."id" = ${id}
      LIMIT 1`);
  } catch (error) {
    // While the database fails, every page says so: early Depop calls would only be dropped.
    hints.clear();
    throw error;
  }
}

/** Opens and prepares the session's read before a server serves (lib/startup.ts), for a session that cannot exist. */
export async function warmUpSessionRead(): Promise<void> {
  await readSession("warm-up");
}

/** The signed-in seller, or null (no cookie, a cookie we cannot read, or a session that ended). */
export async function getSessionSellerId(): Promise<string | null> {
  return (await currentSession())?.sellerId ?? null;
}

/** Orders the signed-in seller has waiting to be shipped (0 when nobody is signed in). */
export async function pendingShipmentsForSession(): Promise<number> {
  return (await currentSession())?.pendingShipments ?? 0;
}

export type SessionSummary = { current: boolean; createdAt: Date; lastSeenAt: Date; browser: string };

/** The seller's live sessions, most recently used first. */
export async function listSessions(sellerId: string): Promise<SessionSummary[]> {
  const current = await currentSession();
  const now = Date.now();
  const rows = await db().session.findMany({
    where: { sellerId, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: new Date(now - SESSION_IDLE_MS) } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    take: 50,
  });
  return rows.map((row) => ({
    current: row.id === current?.id,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    browser: row.browser,
  }));
}

/** Signs this browser out. */
export async function endSession(): Promise<void> {
  const token = await readSessionToken();
  if (token) {
    const id = hashToken(token);
    hints.delete(id);
    await db().session.deleteMany({ where: { id } });
  }
  await clearSessionCookie();
}

/** Ends every session of the seller but this browser's ("Sign out everywhere else"); returns how many. */
export async function endOtherSessions(sellerId: string): Promise<number> {
  const current = await currentSession();
  forgetSessionHints(sellerId, current?.id);
  const { count } = await db().session.deleteMany({
    where: { sellerId, ...(current ? { id: { not: current.id } } : {}) },
  });
  return count;
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(Chrome|Chromium|CriOS|HeadlessChrome)\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/** "Firefox on Linux": enough for a seller to recognise a session, and nothing more of the User-Agent. */
export function browserFamily(userAgent: string | null): string {
  const agent = userAgent?.slice(0, 512) ?? "";
  const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1] ?? "A browser";
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  return system ? `${browser} on ${system}` : browser;
}
