import { DepopProblem } from "@/app/dashboard/depop-problem";
import type { Product, ProductList } from "@/lib/depop/schemas";
import { depopProductUrl, formatMoney, productStatus, productTitle } from "@/lib/format";
import { loadProducts } from "./data";
import { type DashboardQuery, dashboardHref } from "./query";

export async function Products({ sellerId, query }: { sellerId: string; query: DashboardQuery }) {
  let page: ProductList;
  try {
    page = await loadProducts(sellerId, query.state, query.sort === "oldest" ? "id_asc" : "id_desc", query.cursor);
  } catch (error) {
    return <DepopProblem error={error} retryHref={dashboardHref(query)} />;
  }

  if (page.data.length === 0) {
    return (
      <p role="status">
        {query.cursor
          ? "No more products."
          : query.state === "all"
            ? "Your shop has no products yet. Listings you create on Depop appear here."
            : `No ${query.state === "selling" ? "products on sale" : "sold products"} right now.`}
      </p>
    );
  }

  const next = page.meta.has_more && page.meta.cursor ? dashboardHref({ ...query, cursor: page.meta.cursor }) : null;
  return (
    <>
      <ul className="products" aria-label="Products">
        {page.data.map((product) => (
          <ProductCard key={product.product_id} product={product} />
        ))}
      </ul>
      <nav className="pager" aria-label="Pages">
        {query.cursor ? (
          <a className="button secondary" href={dashboardHref({ ...query, cursor: undefined })}>
            First page
          </a>
        ) : (
          <span />
        )}
        {next && (
          <a className="button" href={next} rel="next">
            Next page
          </a>
        )}
      </nav>
    </>
  );
}

function ProductCard({ product }: { product: Product }) {
  const title = productTitle(product);
  const status = productStatus(product.status);
  const cover = product.pictures[0];
  const current = product.current_price ?? product.price_amount;
  const discounted = Number(current) < Number(product.price_amount);
  return (
    <li className="product">
      {cover ? (
        // Remote Depop images at a fixed size, lazily: no image proxy needed and no layout shift.
        // biome-ignore lint/performance/noImgElement: next/image's optimizer would fetch from Depop's host on our server
        <img
          src={cover.url}
          alt=""
          width={cover.width ?? 480}
          height={cover.height ?? 480}
          loading="lazy"
          decoding="async"
        />
      ) : (
        <div className="no-image" />
      )}
      <div className="body">
        <h3>
          <a href={`/dashboard/products/${product.product_id}`}>{title}</a>
        </h3>
        <div className="price">
          <span>{formatMoney(current, product.price_currency)}</span>
          {discounted && (
            <s>
              <span className="visually-hidden">was </span>
              {formatMoney(product.price_amount, product.price_currency)}
            </s>
          )}
        </div>
        <div className="meta">
          <span className={`badge ${status.tone}`}>{status.label}</span>
          {product.quantity !== undefined && <span>Qty {product.quantity}</span>}
          <a href={depopProductUrl(product.slug)} rel="noopener noreferrer" target="_blank">
            View on Depop<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </div>
      </div>
    </li>
  );
}
