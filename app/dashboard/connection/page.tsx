import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { disconnectSeller } from "@/app/actions";
import { ConnectButton } from "@/app/components/connect-button";
import { Notice } from "@/app/components/notice";
import { readConnection } from "@/app/dashboard/data";
import { ReconnectNotice, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { listEvents } from "@/lib/connections";
import { formatDate } from "@/lib/format";
import { getSessionSellerId } from "@/lib/session";

export const metadata: Metadata = { title: "Connection" };

const EVENT_LABELS: Record<string, string> = {
  connected: "Connected",
  refreshed: "Access renewed",
  refresh_failed: "Renewal failed (will retry)",
  reconnect_needed: "Reconnection needed",
  disconnected: "Disconnected",
};

const WARN_BEFORE_MS = 14 * 24 * 60 * 60 * 1000;

export default async function ConnectionPage() {
  const sellerId = await getSessionSellerId();
  if (!sellerId) redirect("/");
  const [connection, events] = await Promise.all([readConnection(sellerId), listEvents(sellerId).catch(() => null)]);
  if (connection === "unavailable" || !events) return <StorageUnavailable retryHref="/dashboard/connection" />;
  if (!connection) redirect("/");
  const now = Date.now();
  const reconnectSoon = connection.refreshTokenExpiresAt.getTime() - now < WARN_BEFORE_MS;

  return (
    <>
      <p>
        <a href="/dashboard">← Back to your shop</a>
      </p>
      <h1>Connection</h1>
      {connection.status === "reconnect_required" ? (
        <ReconnectNotice />
      ) : (
        reconnectSoon && (
          <Notice title="Reconnect soon" tone="warn">
            <p>Depop access lasts one year. Yours ends on {formatDate(connection.refreshTokenExpiresAt)}.</p>
            <ConnectButton label="Reconnect now" />
          </Notice>
        )
      )}
      <dl className="facts">
        <dt>Shop</dt>
        <dd>@{connection.username}</dd>
        <dt>Depop shop id</dt>
        <dd>{connection.depopShopId}</dd>
        <dt>Permissions</dt>
        <dd>{connection.scopes.join(", ")}</dd>
        <dt>Connected</dt>
        <dd>{formatDate(connection.connectedAt)}</dd>
        <dt>Access renews</dt>
        <dd>{formatDate(connection.accessTokenExpiresAt)}</dd>
        <dt>Reconnect by</dt>
        <dd>{formatDate(connection.refreshTokenExpiresAt)}</dd>
      </dl>
      <h2 className="spaced">Recent activity</h2>
      <ul className="events">
        {events.map((event) => (
          <li key={event.id}>
            {formatDate(event.createdAt)}: {EVENT_LABELS[event.kind] ?? event.kind}
          </li>
        ))}
      </ul>
      <form action={disconnectSeller} className="spaced">
        <button type="submit" className="button secondary">
          Disconnect
        </button>
      </form>
    </>
  );
}
