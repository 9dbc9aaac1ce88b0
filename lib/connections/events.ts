import "server-only";
import { db } from "../db";

/** The activity log of a connection: a cheap audit trail the connection page shows. */

export type EventKind = "connected" | "refreshed" | "refresh_failed" | "reconnect_needed" | "disconnected";

export async function logEvent(sellerId: string, kind: EventKind, detail?: string): Promise<void> {
  await db().connectionEvent.create({ data: { sellerId, kind, detail: detail ?? null } });
}

export async function listEvents(sellerId: string, take = 10) {
  return db().connectionEvent.findMany({
    where: { sellerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, kind: true, detail: true, createdAt: true },
  });
}
