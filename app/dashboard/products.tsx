import { DepopProblem } from "@/app/dashboard/depop-problem";
import type { ProductCard, ProductCardList } from "@/lib/depop/schemas";
import { depopProductUrl, formatMoney, productStatus, productTitle } from "@/lib/format";
import { BULK_FORM_ID, BulkBar } from "./bulk-bar";
import { loadProductsPage, PAGE_SIZE } from "./data";
import { type ProductCardData, ProductGrid } from "./product-grid";
import {
  type DashboardQuery,
  dashboardHref,
  dashboardSearch,
  nextPageHref,
  pageNumber,
  previousPageHref,
} from "./query";

export async function Products({
  sellerId,
  query,
  locale,
  canWrite = false,
}: {
  sellerId: string;
  query: DashboardQuery;
  locale: string;
  /** The grant includes products_write: the bulk actions are offered (else the prompt to grant it). */
  canWrite?: boolean;
}) {
  let page: ProductCardList;
  try {
    page = await loadProductsPage(sellerId, query);
  } catch (error) {
    // No filters or pager under an error: there is nothing they could act on.
    return <DepopProblem error={error} retryHref={dashboardHref(query)} />;
  }

  if (page.data.length === 0) {
    return (
      <>
        <Filters query={query} />
        <p role="status">
          {query.cursor
            ? "No more products."
            : query.state === "all"
              ? "Your shop has no products yet. Listings you create on Depop appear here."
              : `No ${query.state === "selling" ? "products on sale" : "sold products"} right now.`}
        </p>
        <Pager query={query} next={null} />
      </>
    );
  }

  const back = dashboardSearch(query);
  const cards = page.data.map((product) => toCard(product, locale, back));
  // Deleted and banned listings are no longer visible to buyers: they come last, so "All" reads as the live shop.
  const gone = cards.filter((card) => card.status.tone === "gone");
  const ordered = [...cards.filter((card) => card.status.tone !== "gone"), ...gone];
  const first = (pageNumber(query) - 1) * PAGE_SIZE + 1;
  const last = first + page.data.length - 1;
  // Depop's list has no total: on the last page we know it; before it, only that there is more.
  const hasMore = page.meta.has_more !== false && Boolean(page.meta.cursor);
  const next = hasMore && page.meta.cursor ? nextPageHref(query, page.meta.cursor) : null;

  return (
    <>
      <Filters query={query} />
      <p className="hint" role="status">
        {hasMore ? `Showing ${first}–${last} of more than ${last}` : `Showing ${first}–${last} of ${last}`}
      </p>
      {gone.length > 0 && (
        <p className="hint">
          {gone.length === 1 ? "One listing here is" : `${gone.length} listings here are`} deleted or banned: buyers
          cannot see {gone.length === 1 ? "it" : "them"} any more (shown last, dimmed).
        </p>
      )}
      <BulkBar canWrite={canWrite} />
      <ProductGrid products={ordered} label="Products" {...(canWrite ? { bulkForm: BULK_FORM_ID } : {})} />
      <StatusLegend />
      <Pager query={query} next={next} />
    </>
  );
}

function Pager({ query, next }: { query: DashboardQuery; next: string | null }) {
  const previous = previousPageHref(query);
  if (!previous && !next) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {previous ? (
        <a className="button secondary" href={previous} rel="prev">
          Previous page
        </a>
      ) : (
        <span />
      )}
      <span className="hint">Page {pageNumber(query)}</span>
      {next ? (
        <a className="button" href={next} rel="next">
          Next page
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
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
            href={dashboardHref({ state: value, sort: query.sort })}
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
            href={dashboardHref({ state: query.state, sort: value })}
            aria-current={query.sort === value ? "true" : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
    </div>
  );
}

function StatusLegend() {
  return (
    <details className="legend spaced">
      <summary>What the statuses mean</summary>
      <dl>
        <dt>On sale</dt>
        <dd>Live on Depop: buyers can find and buy it.</dd>
        <dt>Sold</dt>
        <dd>Bought through Depop.</dd>
        <dt>Marked as sold</dt>
        <dd>You marked it as sold (for example, sold elsewhere); buyers can no longer buy it.</dd>
        <dt>Deleted</dt>
        <dd>You removed the listing; buyers cannot see it.</dd>
        <dt>Banned</dt>
        <dd>Depop removed the listing (or suspended the shop) for breaking its rules.</dd>
      </dl>
    </details>
  );
}

/** What a card shows, formatted here on the server (Intl and the status table stay out of the client bundle). */
function toCard(product: ProductCard, locale: string, back: string): ProductCardData {
  const cover = product.pictures[0];
  const current = product.current_price ?? product.price_amount;
  const discounted = Number(current) < Number(product.price_amount);
  return {
    id: product.product_id,
    title: productTitle(product),
    href: `/dashboard/products/${product.product_id}${back ? `?back=${encodeURIComponent(back)}` : ""}`,
    depopUrl: depopProductUrl(product.slug),
    image: cover ? { url: cover.url, width: cover.width ?? 480, height: cover.height ?? 480 } : null,
    price: formatMoney(current, product.price_currency, locale),
    wasPrice: discounted ? formatMoney(product.price_amount, product.price_currency, locale) : null,
    status: productStatus(product.status),
    quantity: product.quantity ?? null,
    selectable: product.status === "STATUS_ONSALE",
  };
}
