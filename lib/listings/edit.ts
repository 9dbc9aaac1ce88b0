import "server-only";
import { createHash } from "node:crypto";
import { config } from "../config";
import { NotConnectedError, ReconnectRequiredError, withAccessToken } from "../connections";
import { db, isStorageError } from "../db";
import {
  DepopApiError,
  deleteProduct,
  getProduct,
  type ListingChanges,
  markProductSold,
  updateProduct,
} from "../depop/api";
import type { Product } from "../depop/schemas";
import { log } from "../log";

/**
 * Single-listing writes: edit (re-read first, so a change made elsewhere is never overwritten), mark as sold, and
 * delete (refused by Depop while buyers have live offers, unless the seller says "delete anyway"). Outcomes are values
 * in our own words; Depop's text never reaches the page.
 */

export const EDITABLE_FIELDS = ["price_amount", "quantity", "description", "national_shipping_cost"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** What went wrong, in a word the pages map to a sentence. */
export type ListingProblem =
  | "missing_scope"
  | "reconnect"
  | "not_found"
  | "not_on_sale"
  | "rate_limited"
  | "unavailable"
  | "rejected";

/**
 * The version of a listing a form was rendered from: Depop's `updated_at` plus the fields the form edits (a change
 * made in the same second as the page was rendered still shows). Not a secret: it only names a state of the listing.
 */
export function listingVersion(product: Product): string {
  const fields = [
    product.updated_at ?? "",
    product.status,
    ...EDITABLE_FIELDS.map((field) => String(product[field] ?? "")),
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("base64url").slice(0, 22);
}

export type EditOutcome =
  | { kind: "saved"; product: Product }
  | { kind: "unchanged"; product: Product }
  | { kind: "changed_elsewhere"; product: Product }
  | { kind: "invalid"; fields: Partial<Record<EditableField, string>>; problem?: ListingProblem }
  | { kind: "problem"; problem: ListingProblem };

/** Depop's 422 codes (`invalid_<field>`, docs/depop-api.md §11) and the field each concerns. */
const FIELD_OF_CODE: Record<string, EditableField> = {
  invalid_description: "description",
  invalid_price: "price_amount",
  invalid_price_amount: "price_amount",
  invalid_quantity: "quantity",
  invalid_national_shipping_cost: "national_shipping_cost",
  manual_shipping_not_allowed: "national_shipping_cost",
};

const REJECTED_FIELD: Record<EditableField, string> = {
  price_amount: "Depop refused this price.",
  quantity: "Depop refused this quantity.",
  description: "Depop refused this description (at most 1000 characters, 5 hashtags, no e-mail addresses).",
  national_shipping_cost: "Depop refused this shipping cost.",
};

export async function editListing(
  sellerId: string,
  productId: number,
  version: string,
  wanted: ListingChanges,
): Promise<EditOutcome> {
  try {
    return await withAccessToken(sellerId, async (token) => {
      const settings = config();
      const current = await getProduct(settings, token, productId);
      if (current.product_id !== productId) return { kind: "problem", problem: "not_found" } as const;
      if (listingVersion(current) !== version) return { kind: "changed_elsewhere", product: current } as const;
      if (current.status !== "STATUS_ONSALE") return { kind: "problem", problem: "not_on_sale" } as const;
      const changes: ListingChanges = {};
      if (wanted.price_amount !== undefined && wanted.price_amount !== current.price_amount) {
        changes.price_amount = wanted.price_amount;
      }
      if (wanted.quantity !== undefined && wanted.quantity !== current.quantity) changes.quantity = wanted.quantity;
      if (wanted.description !== undefined && wanted.description !== current.description) {
        changes.description = wanted.description;
      }
      if (
        wanted.national_shipping_cost !== undefined &&
        current.national_shipping_cost !== undefined &&
        wanted.national_shipping_cost !== current.national_shipping_cost
      ) {
        changes.national_shipping_cost = wanted.national_shipping_cost;
      }
      if (Object.keys(changes).length === 0) return { kind: "unchanged", product: current } as const;
      await updateProduct(settings, token, productId, changes);
      return { kind: "saved", product: await getProduct(settings, token, productId) } as const;
    });
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "rejected") {
      const fields: Partial<Record<EditableField, string>> = {};
      for (const { code } of error.details.codes ?? []) {
        const field = FIELD_OF_CODE[code];
        if (field) fields[field] = REJECTED_FIELD[field];
      }
      return Object.keys(fields).length > 0
        ? { kind: "invalid", fields }
        : { kind: "invalid", fields, problem: "rejected" };
    }
    await noteMissingScope(sellerId, error);
    return { kind: "problem", problem: problemOf(error, "edit a listing") };
  }
}

export type WriteOutcome = { ok: true } | { ok: false; problem: ListingProblem | "active_offers" };

export async function markListingSold(sellerId: string, productId: number): Promise<WriteOutcome> {
  try {
    await withAccessToken(sellerId, (token) => markProductSold(config(), token, productId));
    return { ok: true };
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "rejected") return { ok: false, problem: "not_on_sale" };
    await noteMissingScope(sellerId, error);
    return { ok: false, problem: problemOf(error, "mark a listing as sold") };
  }
}

/** Deletes a listing; unless `anyway`, Depop refuses one with live offers (409) and the seller is asked again. */
export async function deleteListing(sellerId: string, productId: number, anyway: boolean): Promise<WriteOutcome> {
  try {
    // Depop answers 200 to a DELETE of a product that is not there (or not this shop's): read it first, so the
    // seller is told the truth rather than "deleted".
    return await withAccessToken(sellerId, async (token): Promise<WriteOutcome> => {
      const current = await getProduct(config(), token, productId);
      if (current.product_id !== productId) return { ok: false, problem: "not_found" };
      await deleteProduct(config(), token, productId, { failIfActiveOffers: !anyway });
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof DepopApiError && error.kind === "rejected") {
      const offers = (error.details.codes ?? []).some((entry) => entry.code === "product_has_active_offers");
      return { ok: false, problem: offers || error.details.status === 409 ? "active_offers" : "rejected" };
    }
    await noteMissingScope(sellerId, error);
    return { ok: false, problem: problemOf(error, "delete a listing") };
  }
}

/**
 * Depop's token answer names no scopes, so the stored list is what was asked for. A 403 naming products_write says
 * the grant lacks it: the stored list forgets it, and the pages show the grant-permission prompt from then on.
 */
export async function noteMissingScope(sellerId: string, error: unknown): Promise<void> {
  if (!(error instanceof DepopApiError) || error.kind !== "insufficient_scope") return;
  if (error.details.scope !== undefined && error.details.scope !== "products_write") return;
  try {
    const row = await db().connection.findUnique({ where: { sellerId }, select: { scopes: true } });
    if (!row) return;
    const scopes = row.scopes.split(" ").filter((scope) => scope && scope !== "products_write");
    await db().connection.updateMany({ where: { sellerId, scopes: row.scopes }, data: { scopes: scopes.join(" ") } });
  } catch (storageError) {
    log.warn("could not record a missing scope", { sellerId, error: storageError });
  }
}

export function problemOf(error: unknown, what: string): ListingProblem {
  if (error instanceof ReconnectRequiredError || error instanceof NotConnectedError) return "reconnect";
  if (isStorageError(error)) return "unavailable";
  if (!(error instanceof DepopApiError)) {
    log.error(`could not ${what}`, { error });
    return "unavailable";
  }
  switch (error.kind) {
    case "insufficient_scope":
      return "missing_scope";
    case "unauthorized":
      return "reconnect";
    case "not_found":
      return "not_found";
    case "rate_limited":
    case "write_rate_limited":
      return "rate_limited";
    case "rejected":
    case "bad_request":
      return "rejected";
    default:
      return "unavailable";
  }
}

/** What each problem says to the seller. */
export const PROBLEM_TEXT: Record<ListingProblem | "active_offers" | "changed_elsewhere", string> = {
  missing_scope: "Depop says this app may not edit your listings yet: grant permission to edit listings.",
  reconnect: "Your Depop connection has expired: reconnect to continue.",
  not_found: "Depop has no such listing in your shop.",
  not_on_sale: "This listing is no longer on sale, so it cannot be changed.",
  rate_limited: "Depop is busy right now. Nothing was changed; please try again in a minute.",
  unavailable: "Depop could not be reached. Nothing was changed; please try again.",
  rejected: "Depop refused the change.",
  active_offers: "Buyers have live offers on this listing.",
  changed_elsewhere: "This listing was changed elsewhere since you opened this page.",
};
