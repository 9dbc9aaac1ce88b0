import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOut, signOutEverywhereElse } from "@/app/actions";
import { ConnectButton } from "@/app/components/connect-button";
import { LocalTime } from "@/app/components/local-time";
import { Notice } from "@/app/components/notice";
import { readConnection, signedInSeller } from "@/app/dashboard/data";
import { ReconnectNotice, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { listEvents, refreshShopIdentity } from "@/lib/connections";
import { dateProps, SCOPE_DESCRIPTIONS } from "@/lib/format";
import { countLikes, eventHealth } from "@/lib/orders";
import { listSessions, type SessionSummary } from "@/lib/sessions";

export const metadata: Metadata = { title: "Connection" };

const EVENT_LABELS: Record<string, string> = {
  connected: "Connected",
  refreshed: "Access renewed",
  refresh_failed: "Renewal failed (will retry)",
  reconnect_needed: "Reconnection needed",
  disconnected: "Disconnected",
};

const WARN_BEFORE_MS = 14 * 24 * 60 * 60 * 1000;

export default async function ConnectionPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard/connection" />;
  if (!sellerId) redirect("/");
  const signedOutElsewhere = (await searchParams).notice === "signed-out-elsewhere";
  // A seller may have renamed their shop on Depop: look once here (the dashboard shows the stored name).
  await refreshShopIdentity(sellerId);
  const [connection, events, sessions, webhooks, likes] = await Promise.all([
    readConnection(sellerId),
    listEvents(sellerId).catch(() => null),
    listSessions(sellerId).catch(() => null),
    eventHealth(sellerId).catch(() => null),
    countLikes(sellerId).catch(() => null),
  ]);
  if (connection === "unavailable" || !events || !sessions || !webhooks || likes === null) {
    return <StorageUnavailable retryHref="/dashboard/connection" />;
  }
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
            <p>
              Depop access lasts one year. Yours ends on <LocalTime {...dateProps(connection.refreshTokenExpiresAt)} />.
            </p>
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
        <dd>
          <ul className="plain">
            {connection.scopes.map((scope) => (
              <li key={scope}>{SCOPE_DESCRIPTIONS[scope] ?? scope}</li>
            ))}
          </ul>
        </dd>
        <dt>Connected</dt>
        <dd>
          <LocalTime {...dateProps(connection.connectedAt)} />
        </dd>
        <dt>Access renews</dt>
        <dd>
          <LocalTime {...dateProps(connection.accessTokenExpiresAt)} />
        </dd>
        <dt>Reconnect by</dt>
        <dd>
          <LocalTime {...dateProps(connection.refreshTokenExpiresAt)} />
        </dd>
      </dl>
      <h2 className="spaced">Recent activity</h2>
      <ul className="events">
        {events.map((event) => (
          <li key={event.id}>
            <LocalTime {...dateProps(event.createdAt)} />: {EVENT_LABELS[event.kind] ?? event.kind}
          </li>
        ))}
      </ul>
      <WebhookEvents webhooks={webhooks} likes={likes} />
      <Sessions sessions={sessions} signedOutElsewhere={signedOutElsewhere} />
      <p className="spaced">
        <a className="button danger" href="/dashboard/disconnect">
          Disconnect
        </a>
      </p>
    </>
  );
}

const EVENT_TYPE_LABELS: Record<string, string> = {
  "v1:order.new": "New order",
  "v1:order.refund": "Refund",
  "v1:product.like": "Like",
  "v1:product.unlike": "Unlike",
};

/** Depop's webhook events for this shop: likes counted, retries waiting, and the events that gave up. */
function WebhookEvents({ webhooks, likes }: { webhooks: Awaited<ReturnType<typeof eventHealth>>; likes: number }) {
  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading" className="spaced">
        Events from Depop
      </h2>
      <p>
        Likes received: {likes}. {webhooks.retrying > 0 ? `${webhooks.retrying} event(s) waiting to be retried.` : ""}
      </p>
      {webhooks.dead.length > 0 ? (
        <Notice title="Events that could not be handled" tone="warn">
          <p>These events were stored but their handling failed after every retry.</p>
          <ul className="events" aria-label="Events that could not be handled">
            {webhooks.dead.map((event) => (
              <li key={event.id}>
                <LocalTime {...dateProps(event.createdAt)} />: {EVENT_TYPE_LABELS[event.eventType] ?? event.eventType} (
                <code>{event.id}</code>), {event.attempts} attempt(s), {event.lastError ?? "failed"}
              </li>
            ))}
          </ul>
        </Notice>
      ) : (
        <p className="hint">No event has failed.</p>
      )}
    </section>
  );
}

function Sessions({ sessions, signedOutElsewhere }: { sessions: SessionSummary[]; signedOutElsewhere: boolean }) {
  const others = sessions.filter((session) => !session.current).length;
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="spaced">
        Where you are signed in
      </h2>
      {signedOutElsewhere && (
        <Notice title="Signed out everywhere else">
          <p>Every other browser signed in to this shop has been signed out.</p>
        </Notice>
      )}
      <ul className="events" aria-label="Signed-in browsers">
        {sessions.map((session) => (
          <li key={`${session.createdAt.getTime()}-${session.browser}`}>
            <strong>{session.browser}</strong>
            {session.current ? " (this browser)" : ""}: signed in <LocalTime {...dateProps(session.createdAt)} />, last
            seen <LocalTime {...dateProps(session.lastSeenAt)} />
          </li>
        ))}
      </ul>
      <p className="hint">A session ends after 7 days without use, and 30 days after it began at the latest.</p>
      <div className="actions">
        {others > 0 && (
          <form action={signOutEverywhereElse}>
            <button type="submit" className="button secondary">
              Sign out everywhere else
            </button>
          </form>
        )}
        <form action={signOut}>
          <button type="submit" className="button secondary">
            Sign out
          </button>
        </form>
      </div>
    </section>
  );
}
