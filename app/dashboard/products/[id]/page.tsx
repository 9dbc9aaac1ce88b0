import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { loadProduct, signedInSeller } from "@/app/dashboard/data";
import { DepopProblem, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { DepopApiError } from "@/lib/depop/api";
import type { Product } from "@/lib/depop/schemas";
import { depopProductUrl, formatDate, formatMoney, productStatus, productTitle } from "@/lib/format";

export const metadata: Metadata = { title: "Product" };

const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard" />;
  if (!sellerId) redirect("/");
  const id = idSchema.safeParse((await params).id);
  if (!id.success || !/^\d+$/.test((await params).id)) notFound();

  let product: Product;
  try {
    product = await loadProduct(sellerId, id.data);
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "not_found") notFound();
    return <DepopProblem error={error} retryHref={`/dashboard/products/${id.data}`} />;
  }
  // Only the product that was asked for: an answer about another id is not this page's.
  if (product.product_id !== id.data) notFound();

  const status = productStatus(product.status);
  const current = product.current_price ?? product.price_amount;
  const facts: [string, string | undefined][] = [
    ["Price", formatMoney(current, product.price_currency)],
    [
      "List price",
      current !== product.price_amount ? formatMoney(product.price_amount, product.price_currency) : undefined,
    ],
    ["Status", status.label],
    ["Quantity", product.quantity?.toString()],
    ["Brand", product.brand],
    ["Condition", product.condition?.replaceAll("_", " ")],
    ["Size", product.size_id !== undefined ? `size ${product.size_id} (set ${product.size_set_id ?? "?"})` : undefined],
    ["Colours", product.colour?.join(", ")],
    ["Style", product.style?.join(", ")],
    ["Department", product.department],
    ["Type", product.product_type],
    ["Shipping", shippingLabel(product)],
    [
      "International shipping",
      product.international_shipping_cost !== undefined
        ? formatMoney(product.international_shipping_cost, product.price_currency)
        : undefined,
    ],
    ["SKU", product.sku ?? undefined],
    ["Listed", product.created_at ? formatDate(new Date(product.created_at)) : undefined],
    ["Updated", product.updated_at ? formatDate(new Date(product.updated_at)) : undefined],
  ];

  return (
    <>
      <p>
        <a href="/dashboard">← Back to your shop</a>
      </p>
      <h1>{productTitle(product)}</h1>
      <div className="gallery">
        {product.pictures.map((picture, index) => (
          // biome-ignore lint/performance/noImgElement: remote Depop images are shown as they are, sized
          <img
            key={picture.url}
            src={picture.url}
            alt={index === 0 ? productTitle(product) : ""}
            width={picture.width ?? 480}
            height={picture.height ?? 480}
            loading={index === 0 ? "eager" : "lazy"}
          />
        ))}
      </div>
      <p className="description">{product.description}</p>
      <dl className="facts">
        {facts
          .filter((fact): fact is [string, string] => fact[1] !== undefined)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <p className="spaced">
        <a className="button secondary" href={depopProductUrl(product.slug)} rel="noopener noreferrer" target="_blank">
          View on Depop<span className="visually-hidden"> (opens in a new tab)</span>
        </a>
      </p>
    </>
  );
}

/** A national cost ("0.00" is free), or Depop's own shipping (paid by the buyer or the seller). */
function shippingLabel(product: Product): string | undefined {
  if (product.national_shipping_cost !== undefined) {
    return Number(product.national_shipping_cost) === 0
      ? "Free"
      : formatMoney(product.national_shipping_cost, product.price_currency);
  }
  if (product.depop_shipping) {
    const payer = product.depop_shipping.payer === "seller" ? "paid by you" : "paid by the buyer";
    return `Depop shipping (${payer})`;
  }
  return undefined;
}
