import "server-only";
import { cache } from "react";
import { z } from "zod";
import { config } from "../config";
import { DecryptError, decrypt, encrypt } from "../crypto";
import { db } from "../db";
import type { TokenResponse } from "../depop/schemas";
import { type Connection, Prisma } from "../generated/prisma/client";
import { log } from "../log";
import { NotConnectedError, ReconnectRequiredError } from "./errors";
import { logEvent } from "./events";

/**
 * The stored connection: how a token pair is sealed, how a request reads its seller's row, and how a row is marked
 * as needing Reconnect. The hand-written SQL here and in the other modules of this folder is the subset SQLite and
 * PostgreSQL share (quoted identifiers, `ON CONFLICT … DO UPDATE`, `RETURNING`, bound parameters for every value,
 * timestamps as bound Dates), so one statement serves both databases.
 */

export function sealPair(sellerId: string, tokens: TokenResponse, now: number) {
  const keys = config().tokenKeys;
  return {
    accessTokenSealed: encrypt(tokens.access_token, `${sellerId}/access`, keys),
    refreshTokenSealed: encrypt(tokens.refresh_token, `${sellerId}/refresh`, keys),
    accessTokenExpiresAt: new Date(now + tokens.expires_in * 1000),
  };
}

export type ConnectionWithSeller = Connection & { depopShopId: string; username: string; countryCode: string };

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
  countryCode: z.string(),
}) satisfies z.ZodType<ConnectionWithSeller>;

/**
 * The columns of a connection and its shop's identity, from `"Connection" c JOIN "Seller" shop`: the hottest read
 * in the app (every page), shared by the reads below and the session's (lib/sessions.ts), checked by zod.
 */
export const CONNECTION_COLUMNS = Prisma.sql`c."sellerId", c."accessTokenSealed", c."refreshTokenSealed",
  c."accessTokenExpiresAt", c."refreshTokenExpiresAt", c."scopes", c."version", c."status", c."refreshLeaseUntil",
  c."connectedAt", c."refreshedAt", c."rateLimitedUntil", c."updatedAt", shop."depopShopId", shop."username",
  shop."countryCode"`;

/** A row of CONNECTION_COLUMNS, or null when the join found no connection (its columns are all NULL then). */
export function parseConnectionRow(row: unknown): ConnectionWithSeller | null {
  const sellerId = z.object({ sellerId: z.string().nullable() }).parse(row).sellerId;
  return sellerId === null ? null : connectionRowSchema.parse(row);
}

/**
 * This request's reads of connections by seller (React `cache`: one map per request). The session's read fills it,
 * so a page that checks the session and then reads the seller's connection asks the database once.
 */
const requestConnections = cache(() => new Map<string, Promise<ConnectionWithSeller | null>>());

/** Records a connection this request has already read (outside a request there is nothing to record it in). */
export function rememberConnectionForRequest(sellerId: string, connection: ConnectionWithSeller | null): void {
  requestConnections().set(sellerId, Promise.resolve(connection));
}

/**
 * The seller's connection as this request first saw it: one database read per request however many components
 * ask (outside a request it simply reads). Anything that decides on a refresh reads afresh.
 */
export function loadConnectionForRequest(sellerId: string): Promise<ConnectionWithSeller | null> {
  const seen = requestConnections();
  let connection = seen.get(sellerId);
  if (!connection) {
    connection = readConnection(sellerId);
    seen.set(sellerId, connection);
    // A failed read is not remembered: the next caller in the request tries again.
    connection.catch(() => seen.delete(sellerId));
  }
  return connection;
}

async function readConnection(sellerId: string): Promise<ConnectionWithSeller | null> {
  const rows = await db().$queryRaw<unknown[]>`
    SELECT ${CONNECTION_COLUMNS}
    FROM "Connection" c JOIN "Seller" shop ON shop."id" = c."sellerId"
    WHERE c."sellerId" = ${sellerId}
    LIMIT 1`;
  return rows.length === 0 ? null : parseConnectionRow(rows[0]);
}

export async function loadUsable(sellerId: string): Promise<Connection> {
  return usable(await db().connection.findUnique({ where: { sellerId } }));
}

export function usable(connection: Connection | null): Connection {
  if (!connection) throw new NotConnectedError("not connected");
  if (connection.status !== "active") throw new ReconnectRequiredError("reconnect required");
  return connection;
}

/** The connection's access token in the clear (throws DecryptError when no configured key opens it). */
export function accessTokenOf(connection: Connection): string {
  return decrypt(connection.accessTokenSealed, `${connection.sellerId}/access`, config().tokenKeys);
}

export async function openAccess(connection: Connection): Promise<string> {
  try {
    return accessTokenOf(connection);
  } catch (error) {
    if (error instanceof DecryptError) {
      await markReconnectRequired(connection.sellerId, "undecryptable", connection.version);
    }
    throw new ReconnectRequiredError("stored token cannot be read");
  }
}

/**
 * Marks the connection as needing Reconnect, but only the pair this caller read (`version`): a process whose
 * refresh lost a race must not condemn the fresh pair the winner has stored meanwhile.
 */
export async function markReconnectRequired(sellerId: string, reason: string, version: number): Promise<void> {
  const marked = await db().$executeRaw`
    UPDATE "Connection" SET "status" = ${"reconnect_required"}, "refreshLeaseUntil" = NULL, "updatedAt" = ${new Date()}
    WHERE "sellerId" = ${sellerId} AND "version" = ${version} AND "status" = ${"active"}`;
  if (marked === 1) {
    log.warn("connection needs reconnecting", { sellerId, reason });
    await logEvent(sellerId, "reconnect_needed", reason);
  }
}

export type SellerConnection = {
  sellerId: string;
  depopShopId: string;
  username: string;
  /** The shop's country (ISO 3166 alpha-2), as Depop gave it at connect time. */
  countryCode: string;
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
    countryCode: connection.countryCode,
    scopes: connection.scopes.split(" ").filter(Boolean),
    status: connection.status === "active" ? "active" : "reconnect_required",
    connectedAt: connection.connectedAt,
    refreshedAt: connection.refreshedAt,
    accessTokenExpiresAt: connection.accessTokenExpiresAt,
    refreshTokenExpiresAt: connection.refreshTokenExpiresAt,
  };
}
