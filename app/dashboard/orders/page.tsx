import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { Pager } from "@/app/components/pager";
import { readConnection, signedInSeller } from "@/app/dashboard/data";
import { DepopProblem, ReconnectNotice, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { DepopApiError } from "@/lib/depop/api";
import type { Order } from "@/lib/depop/schemas";
import { formatDate, formatMoney, lineItemTitle, orderStatus } from "@/lib/format";
import { log } from "@/lib/log";
import { syncIfStale } from "@/lib/orders";
import { loadOrdersPage, type OrdersPage } from "./data";
import { type OrdersQuery, ordersHref, parseOrdersQuery } from "./query";

export const metadata: Metadata = { title: "Orders" };

// How old the seller's last reconciliation may be before a visit to this page starts one in the background.
const SYNC_AFTER_MS = 5 * 60_000;

export default async function OrdersListPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard/orders" />;
  if (!sellerId) redirect("/");
  const connection = await readConnection(sellerId);
  const query = parseOrdersQuery(await searchParams);
  if (connection === "unavailable") return <StorageUnavailable retryHref={ordersHref(query)} />;
  if (!connection) redirect("/");

  return (
    <>
      <p>
        <a href="/dashboard">← Back to your shop</a>
      </p>
      <h1>Orders</h1>
      {connection.status === "reconnect_required" ? (
        <ReconnectNotice />
      ) : !connection.scopes.includes("orders_read") ? (
        <DepopProblem
          error={new DepopApiError("insufficient_scope", "orders need orders_read", { scope: "orders_read" })}
          retryHref={ordersHref(query)}
        />
      ) : (
        <OrdersSection sellerId={sellerId} scopes={connection.scopes} query={query} />
      )}
    </>
  );
}

async function OrdersSection({ sellerId, scopes, query }: { sellerId: string; scopes: string[]; query: OrdersQuery }) {
  let page: OrdersPage;
  try {
    page = await loadOrdersPage(sellerId, query.from, query.to, query.cursor);
  } catch (error) {
    return <DepopProblem error={error} retryHref={ordersHref(query)} />;
  }
  // Keeps the stored orders (and the header's count) fresh for a seller who looks: after the page has gone out.
  after(() =>
    syncIfStale(sellerId, scopes, SYNC_AFTER_MS).catch((error: unknown) =>
      log.warn("background order sync failed", { sellerId, error }),
    ),
  );
  const pending = page.orders.filter((order) => order.status === "SHIPPING_PENDING");
  const others = page.orders.filter((order) => order.status !== "SHIPPING_PENDING");
  const next = page.hasMore && page.cursor ? ordersHref({ ...query, cursor: page.cursor }) : null;
  return (
    <>
      <RangeForm query={query} />
      {page.orders.length === 0 ? (
        <p role="status">{query.cursor ? "No more orders." : "No orders in this period."}</p>
      ) : (
        <>
          {pending.length > 0 && (
            <section aria-labelledby="to-ship-heading">
              <h2 id="to-ship-heading">To ship ({pending.length})</h2>
              <OrderList orders={pending} label="Orders to ship" />
            </section>
          )}
          {others.length > 0 && (
            <section aria-labelledby="other-orders-heading">
              <h2 id="other-orders-heading" className={pending.length > 0 ? "spaced" : undefined}>
                {pending.length > 0 ? "Other orders" : "All orders"}
              </h2>
              <OrderList orders={others} label="Other orders" />
            </section>
          )}
        </>
      )}
      <Pager firstHref={query.cursor ? ordersHref({ ...query, cursor: undefined }) : null} nextHref={next} />
    </>
  );
}

function RangeForm({ query }: { query: OrdersQuery }) {
  return (
    <form className="toolbar range" method="get" action="/dashboard/orders" aria-label="Date range">
      <label>
        From <input type="date" name="from" defaultValue={query.from} />
      </label>
      <label>
        To <input type="date" name="to" defaultValue={query.to} />
      </label>
      <button type="submit" className="button secondary">
        Show
      </button>
      {(query.from || query.to) && <a href="/dashboard/orders">All dates</a>}
    </form>
  );
}

function OrderList({ orders, label }: { orders: (Order & { received: boolean })[]; label: string }) {
  return (
    <ul className="orders" aria-label={label}>
      {orders.map((order) => {
        const status = orderStatus(order.status);
        return (
          <li key={order.purchase_id} className="order">
            <div className="order-head">
              <h3>
                <a href={`/dashboard/orders/${encodeURIComponent(order.purchase_id)}`}>Order {order.purchase_id}</a>
              </h3>
              <span className={`badge ${status.tone}`}>{status.label}</span>
            </div>
            <p className="meta">
              <span>{formatDate(new Date(order.created_at))}</span>
              <span>Buyer pays {formatMoney(order.buyer_pays_amount, order.currency)}</span>
              <span>You receive {formatMoney(order.seller_receives_amount, order.currency)}</span>
            </p>
            <ul className="line-items" aria-label={`Items of order ${order.purchase_id}`}>
              {order.line_items.map((item) => (
                <li key={`${item.parcel_id}-${item.product_id}`}>
                  {item.image_url ? (
                    // biome-ignore lint/performance/noImgElement: remote Depop images are shown as they are, sized
                    <img src={item.image_url} alt="" width={56} height={56} loading="lazy" decoding="async" />
                  ) : (
                    <span className="no-image" />
                  )}
                  <a href={`/dashboard/products/${item.product_id}`}>{lineItemTitle(item)}</a>
                  {item.sold_price && <span className="hint">{formatMoney(item.sold_price, order.currency)}</span>}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}
