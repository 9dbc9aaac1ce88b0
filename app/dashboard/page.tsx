import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { DisconnectForm } from "@/app/components/disconnect-form";
import { ReconnectNotice, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { countPendingShipments } from "@/lib/orders";
import { loadShop, preloadDashboard, readConnection, signedInSeller } from "./data";
import { Products } from "./products";
import { type DashboardQuery, dashboardHref, parseDashboardQuery } from "./query";

export const metadata: Metadata = { title: "Your shop" };

export default async function Dashboard({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard" />;
  if (!sellerId) redirect("/");
  const connection = await readConnection(sellerId);
  const query = parseDashboardQuery(await searchParams);
  if (connection === "unavailable") return <StorageUnavailable retryHref={dashboardHref(query)} />;
  if (!connection) redirect("/");
  if (connection.status === "active") preloadDashboard(sellerId, query);

  return (
    <>
      <div className="dash-head">
        <div>
          <h1>
            <Suspense fallback={`@${connection.username}`}>
              <ShopName sellerId={sellerId} fallback={connection.username} />
            </Suspense>
          </h1>
          <p>Your Depop shop</p>
        </div>
        <div className="actions">
          <a className="button secondary" href="/dashboard/orders">
            Orders
            <Suspense fallback={null}>
              <PendingShipments sellerId={sellerId} />
            </Suspense>
          </a>
          <a className="button secondary" href="/dashboard/connection">
            Connection
          </a>
          <DisconnectForm />
        </div>
      </div>

      {connection.status === "reconnect_required" ? (
        <ReconnectNotice />
      ) : (
        <section aria-labelledby="products-heading">
          <h2 id="products-heading">Products</h2>
          <Filters query={query} />
          <Suspense key={dashboardHref(query)} fallback={<ProductsSkeleton />}>
            <Products sellerId={sellerId} query={query} />
          </Suspense>
        </section>
      )}
    </>
  );
}

/** Orders waiting to be shipped, from the orders the app has stored (webhooks and reconciliation). */
async function PendingShipments({ sellerId }: { sellerId: string }) {
  const count = await countPendingShipments(sellerId).catch(() => 0);
  return count > 0 ? <span className="badge sold">{`${count} to ship`}</span> : null;
}

async function ShopName({ sellerId, fallback }: { sellerId: string; fallback: string }) {
  try {
    const shop = await loadShop(sellerId);
    return `@${shop.username}`;
  } catch {
    // The products section explains Depop failures; the header keeps the name stored at connect time.
    return `@${fallback}`;
  }
}

function Filters({ query }: { query: DashboardQuery }) {
  const states = [
    ["all", "All"],
    ["selling", "On sale"],
    ["sold", "Sold"],
  ] as const;
  const sorts = [
    ["newest", "Newest first"],
    ["oldest", "Oldest first"],
  ] as const;
  return (
    <div className="toolbar">
      <nav aria-label="Filter by status">
        {states.map(([value, label]) => (
          <a
            key={value}
            className="chip"
            href={dashboardHref({ ...query, state: value, cursor: undefined })}
            aria-current={query.state === value ? "true" : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <nav aria-label="Sort">
        {sorts.map(([value, label]) => (
          <a
            key={value}
            className="chip"
            href={dashboardHref({ ...query, sort: value, cursor: undefined })}
            aria-current={query.sort === value ? "true" : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
    </div>
  );
}

function ProductsSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite">
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
