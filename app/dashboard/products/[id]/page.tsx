import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { LocalTime } from "@/app/components/local-time";
import { loadProduct, readConnection, signedInSeller } from "@/app/dashboard/data";
import { DepopProblem, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { ManageListing } from "@/app/dashboard/products/[id]/manage";
import { dashboardHref, parseDashboardSearch } from "@/app/dashboard/query";
import { DepopApiError } from "@/lib/depop/api";
import type { Product } from "@/lib/depop/schemas";
import {
  conditionLabel,
  dateProps,
  depopProductUrl,
  descriptionBody,
  formatMoney,
  humanize,
  moneyLocale,
  productStatus,
  productTitle,
  sizeLabel,
} from "@/lib/format";

export const metadata: Metadata = { title: "Product" };

const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export default async function ProductPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard" />;
  if (!sellerId) redirect("/");
  const rawId = (await params).id;
  const id = idSchema.safeParse(rawId);
  if (!id.success || !/^\d+$/.test(rawId)) notFound();
  // Back to the dashboard page the seller came from: filter, sort and page (validated like the dashboard's own URL).
  const search = await searchParams;
  const back = search.back;
  const backHref = dashboardHref(parseDashboardSearch(typeof back === "string" ? back : undefined));

  let product: Product;
  try {
    product = await loadProduct(sellerId, id.data);
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "not_found") notFound();
    return <DepopProblem error={error} retryHref={`/dashboard/products/${id.data}`} />;
  }
  // Only the product that was asked for: an answer about another id is not this page's.
  if (product.product_id !== id.data) notFound();

  const connection = await readConnection(sellerId);
  const locale = moneyLocale(
    (await headers()).get("accept-language"),
    connection && connection !== "unavailable" ? connection.countryCode : undefined,
  );
  const money = (amount: string) => formatMoney(amount, product.price_currency, locale);
  const status = productStatus(product.status);
  const current = product.current_price ?? product.price_amount;
  const words = (values: string[] | undefined) => (values?.length ? values.map(humanize).join(", ") : undefined);
  const date = (value: string | undefined) => (value ? <LocalTime {...dateProps(new Date(value))} /> : undefined);
  const facts: [string, ReactNode][] = [
    ["Price", money(current)],
    ["List price", current !== product.price_amount ? money(product.price_amount) : undefined],
    ["Status", status.label],
    ["Quantity", product.quantity?.toString()],
    ["Brand", product.brand],
    ["Condition", product.condition ? conditionLabel(product.condition) : undefined],
    ["Size", product.size_id !== undefined ? sizeLabel(product.size_id, product.size_set_id) : undefined],
    ["Colours", words(product.colour)],
    ["Style", words(product.style)],
    ["Era", words(product.age)],
    ["Source", words(product.source)],
    ["Department", product.department ? humanize(product.department) : undefined],
    ["Type", product.product_type ? humanize(product.product_type) : undefined],
    ["Shipping", shipping(product, money)],
    ["SKU", product.sku ?? undefined],
    ["Listed", date(product.created_at)],
    ["Updated", date(product.updated_at)],
  ];
  const body = descriptionBody(product);

  return (
    <>
      <p>
        <a href={backHref}>← Back to your shop</a>
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
      {body && <p className="description">{body}</p>}
      <dl className="facts">
        {facts
          .filter((fact): fact is [string, NonNullable<ReactNode>] => fact[1] !== undefined && fact[1] !== null)
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
      <ManageListing
        product={product}
        canWrite={connection !== null && connection !== "unavailable" && connection.scopes.includes("products_write")}
        search={search}
      />
    </>
  );
}

/**
 * National shipping as Depop describes it: a cost ("0.00" is free, with the international cost if any), or Depop's
 * own shipping, paid by the buyer or the seller.
 */
function shipping(product: Product, money: (amount: string) => string): string | undefined {
  const international =
    product.international_shipping_cost !== undefined
      ? `; international ${money(product.international_shipping_cost)}`
      : "";
  if (product.national_shipping_cost !== undefined) {
    const national = Number(product.national_shipping_cost) === 0 ? "Free" : money(product.national_shipping_cost);
    return `${national}${international}`;
  }
  if (product.depop_shipping) {
    const payer = product.depop_shipping.payer === "seller" ? "paid by you" : "paid by the buyer";
    return `Depop shipping (${payer})${international}`;
  }
  return undefined;
}
