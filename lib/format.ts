import type { Product } from "./depop/schemas";

/** Depop products have no title: the first line of the description is what sellers write as one. */
export function productTitle(product: Pick<Product, "description" | "slug">): string {
  const firstLine = product.description
    .split("\n")
    .map((line) => line.trim())
    .find(Boolean);
  if (firstLine) return firstLine.length > 90 ? `${firstLine.slice(0, 89)}…` : firstLine;
  return product.slug.replace(/-\d+$/, "").replaceAll("-", " ");
}

// Building an Intl formatter costs far more than using one: keep one per locale and currency.
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

export function formatMoney(amount: string, currency: string, locale = "en-GB"): string {
  const key = `${locale}/${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: "currency", currency });
    } catch {
      format = null; // not a currency Intl knows
    }
    if (moneyFormats.size < 500) moneyFormats.set(key, format);
  }
  return format ? format.format(Number(amount)) : `${amount} ${currency}`;
}

export type StatusTone = "onsale" | "sold" | "gone" | "other";

const STATUS_LABELS: Record<string, { label: string; tone: StatusTone }> = {
  STATUS_ONSALE: { label: "On sale", tone: "onsale" },
  STATUS_PURCHASED: { label: "Sold", tone: "sold" },
  STATUS_MARKED_AS_SOLD: { label: "Marked as sold", tone: "sold" },
  STATUS_DELETED: { label: "Deleted", tone: "gone" },
  STATUS_DELETED_ONSALE: { label: "Deleted", tone: "gone" },
  STATUS_DELETED_PURCHASED: { label: "Deleted (sold)", tone: "gone" },
  STATUS_DELETED_MARKED_AS_SOLD: { label: "Deleted (sold)", tone: "gone" },
  STATUS_PRODUCT_BANNED_ONSALE: { label: "Banned", tone: "gone" },
  STATUS_USER_BANNED_ONSALE: { label: "Banned", tone: "gone" },
  STATUS_PRODUCT_BANNED_PURCHASED: { label: "Banned (sold)", tone: "gone" },
  STATUS_USER_BANNED_PURCHASED: { label: "Banned (sold)", tone: "gone" },
};

export function productStatus(status: string): { label: string; tone: StatusTone } {
  return STATUS_LABELS[status] ?? { label: "Other", tone: "other" };
}

export function depopProductUrl(slug: string): string {
  return `https://www.depop.com/products/${encodeURIComponent(slug)}/`;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return "unknown";
  return `${dateFormat.format(date)} UTC`;
}

const ORDER_STATUS_LABELS: Record<string, { label: string; tone: StatusTone }> = {
  SHIPPING_PENDING: { label: "To ship", tone: "sold" },
  SHIPPED: { label: "Shipped", tone: "onsale" },
  COMPLETED: { label: "Completed", tone: "onsale" },
  REFUNDED: { label: "Refunded", tone: "gone" },
  CANCELLED: { label: "Cancelled", tone: "gone" },
};

export function orderStatus(status: string): { label: string; tone: StatusTone } {
  return ORDER_STATUS_LABELS[status] ?? { label: "Other", tone: "other" };
}

/** A line item's title: the first line of its description, as for products. */
export function lineItemTitle(item: { description?: string | undefined; slug: string }): string {
  return productTitle({ description: item.description ?? "", slug: item.slug });
}
