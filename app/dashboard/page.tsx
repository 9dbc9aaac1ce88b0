import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { ReconnectNotice, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { moneyLocale } from "@/lib/format";
import { pendingShipmentsForSession } from "@/lib/sessions";
import { WARM_UP_SELLER_ID, warmUpConnection } from "@/lib/warm-up";
import { isWarmUp, preloadDashboard, readConnection, signedInSeller, startDashboardEarly } from "./data";
import { Products } from "./products";
import { dashboardHref, parseDashboardQuery } from "./query";

export const metadata: Metadata = { title: "Your shop" };

export default async function Dashboard({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseDashboardQuery(await searchParams);
  // npm start renders a made-up shop to itself before it opens its port, to warm this page up (lib/warm-up.ts).
  const warmUp = await isWarmUp();
  // The early call's request leaves before the render goes on (see startDashboardEarly).
  if (!warmUp) await startDashboardEarly(query);
  const sellerId = warmUp ? WARM_UP_SELLER_ID : await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard" />;
  if (!sellerId) redirect("/");
  // Both come with the session's read (one query): the connection, and the orders waiting to be shipped, from the
  // orders the app has stored (webhooks and reconciliation).
  const [connection, pending] = warmUp
    ? [warmUpConnection(), 0]
    : await Promise.all([readConnection(sellerId), pendingShipmentsForSession()]);
  if (connection === "unavailable") return <StorageUnavailable retryHref={dashboardHref(query)} />;
  if (!connection) redirect("/");
  if (connection.status === "active") preloadDashboard(sellerId, query);
  const requestHeaders = await headers();
  const locale = moneyLocale(requestHeaders.get("accept-language"), connection.countryCode);

  return (
    <>
      <NoScriptStreaming nonce={cspNonce(requestHeaders.get("content-security-policy"))} />
      <div className="dash-head">
        <div>
          <h1>@{connection.username}</h1>
          <p>Your Depop shop</p>
        </div>
        <div className="actions">
          <a className="button secondary" href="/dashboard/orders">
            Orders
            {pending > 0 && <span className="badge sold">{`${pending} to ship`}</span>}
          </a>
          <a className="button secondary" href="/dashboard/jobs">
            Bulk changes
          </a>
          <a className="button secondary" href="/dashboard/connection">
            Connection
          </a>
          <a className="button danger" href="/dashboard/disconnect">
            Disconnect
          </a>
        </div>
      </div>

      {connection.status === "reconnect_required" ? (
        <ReconnectNotice />
      ) : (
        <section aria-labelledby="products-heading">
          <h2 id="products-heading">Products</h2>
          <Suspense key={dashboardHref(query)} fallback={<ProductsSkeleton />}>
            <Products
              sellerId={sellerId}
              query={query}
              locale={locale}
              canWrite={connection.scopes.includes("products_write")}
            />
          </Suspense>
        </section>
      )}
    </>
  );
}

/** The nonce Next gives its own scripts, from the request's CSP (proxy.ts sets it). */
function cspNonce(policy: string | null): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}

/**
 * Without JavaScript, React's streamed products arrive in a hidden block at the end of the page that a script
 * would move into place. This shows that block where it is, and hides the skeleton that would never go away.
 */
function NoScriptStreaming({ nonce }: { nonce: string | undefined }) {
  return (
    <noscript>
      <style nonce={nonce}>{'div[hidden][id^="S:"]{display:block!important}.products-skeleton{display:none}'}</style>
    </noscript>
  );
}

function ProductsSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite" className="products-skeleton">
      <p className="visually-hidden">Loading products…</p>
      <ul className="products" aria-hidden="true">
        {Array.from({ length: 8 }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <li key={index} className="skeleton" />
        ))}
      </ul>
    </div>
  );
}
