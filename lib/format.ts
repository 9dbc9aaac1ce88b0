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

export function formatMoney(amount: string, currency: string, locale = "en-GB"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
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

export function formatDate(date: Date, locale = "en-GB"): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;
}
