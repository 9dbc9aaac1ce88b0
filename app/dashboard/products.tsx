import { Pager } from "@/app/components/pager";
import { DepopProblem } from "@/app/dashboard/depop-problem";
import type { Product, ProductList } from "@/lib/depop/schemas";
import { depopProductUrl, formatMoney, productStatus, productTitle } from "@/lib/format";
import { loadProductsPage } from "./data";
import { type ProductCardData, ProductGrid } from "./product-grid";
import { type DashboardQuery, dashboardHref } from "./query";

export async function Products({ sellerId, query }: { sellerId: string; query: DashboardQuery }) {
  let page: ProductList;
  try {
    page = await loadProductsPage(sellerId, query);
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
      <ProductGrid products={page.data.map(toCard)} />
      <Pager firstHref={query.cursor ? dashboardHref({ ...query, cursor: undefined }) : null} nextHref={next} />
    </>
  );
}

/** What a card shows, formatted here on the server (Intl and the status table stay out of the client bundle). */
function toCard(product: Product): ProductCardData {
  const cover = product.pictures[0];
  const current = product.current_price ?? product.price_amount;
  const discounted = Number(current) < Number(product.price_amount);
  return {
    id: product.product_id,
    title: productTitle(product),
    href: `/dashboard/products/${product.product_id}`,
    depopUrl: depopProductUrl(product.slug),
    image: cover ? { url: cover.url, width: cover.width ?? 480, height: cover.height ?? 480 } : null,
    price: formatMoney(current, product.price_currency),
    wasPrice: discounted ? formatMoney(product.price_amount, product.price_currency) : null,
    status: productStatus(product.status),
    quantity: product.quantity ?? null,
  };
}
