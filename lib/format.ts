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

/** What each Depop permission lets this app do, in the seller's words. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  shop_read: "See your shop's name and details",
  products_read: "See your listings, prices and stock",
  products_write: "Create, edit, mark as sold and delete your listings",
  orders_read: "See your orders and sales",
  orders_write: "Mark orders as shipped and refund them",
  offers_read: "See your automatic offer prices",
  offers_write: "Set offer prices and send offers to buyers",
};

/** The description as the product page shows it: without the first line when that line is the title. */
export function descriptionBody(product: Pick<Product, "description">): string {
  const lines = product.description.split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  return first < 0
    ? ""
    : lines
        .slice(first + 1)
        .join("\n")
        .trim();
}

/**
 * The locale to show a seller's money in: the browser's language (its first Accept-Language tag) with the shop's
 * country as the region, so a US shop reads "$66.00" and a British one "£66.00" in English, and a French-speaking
 * seller of a French shop "66,00 €". Falls back to British English.
 */
export function moneyLocale(acceptLanguage: string | null, countryCode: string | undefined): string {
  const first = acceptLanguage?.split(",")[0]?.split(";")[0]?.trim() ?? "";
  const language = /^[a-z]{2,3}(-|$)/i.test(first) ? first.slice(0, first.search(/-|$/)).toLowerCase() : "en";
  const region = countryCode && /^[A-Z]{2}$/i.test(countryCode) ? countryCode.toUpperCase() : undefined;
  for (const candidate of [region ? `${language}-${region}` : undefined, language, "en-GB"]) {
    if (!candidate) continue;
    try {
      if (Intl.NumberFormat.supportedLocalesOf(candidate).length > 0) return candidate;
    } catch {
      // Not a well-formed tag: try the next one.
    }
  }
  return "en-GB";
}

const CONDITIONS: Record<string, string> = {
  brand_new: "Brand new",
  used_like_new: "Like new",
  used_excellent: "Used, excellent",
  used_good: "Used, good",
  used_fair: "Used, fair",
};

export function conditionLabel(condition: string): string {
  return CONDITIONS[condition] ?? humanize(condition);
}

const SPECIAL_WORDS: Record<string, string> = {
  y2_k: "Y2K",
  y2k: "Y2K",
  tshirts: "T-shirts",
  "everything-else": "Everything else",
};

/** A Depop enum value as words: `avant_garde` → "Avant garde". */
export function humanize(value: string): string {
  const special = SPECIAL_WORDS[value.toLowerCase()];
  if (special) return special;
  const words = value.replace(/[_-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : value;
}

/**
 * Depop has not published what its size ids mean (they only mean something within their size set), so the page
 * says which size it is in Depop's terms rather than guessing a name.
 */
export function sizeLabel(sizeId: number, sizeSetId: number | undefined): string {
  return sizeSetId === undefined ? `Depop size ${sizeId}` : `Depop size ${sizeId} (size chart ${sizeSetId})`;
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

/** A date for a page: the `<LocalTime>` props (ISO for the browser, UTC text for the server's first render). */
export function dateProps(date: Date): { iso: string; utc: string } {
  return Number.isNaN(date.getTime())
    ? { iso: "", utc: "unknown" }
    : { iso: date.toISOString(), utc: formatDate(date) };
}

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
