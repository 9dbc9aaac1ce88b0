"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sellerOrRedirect, signedInSeller } from "@/app/dashboard/data";
import { deleteListing, editListing, listingVersion, markListingSold, PROBLEM_TEXT } from "@/lib/listings/edit";
import { descriptionRule, priceRule, quantityRule, shippingCostRule } from "@/lib/listings/rules";
import { type EditState, formValues } from "./edit-state";

const idRule = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const versionRule = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.slice(0, 20_000) : "";
};

/**
 * Saves the edit form (products_write): our rules first (zod, the same ones the form shows), then `editListing`,
 * which re-reads the listing and refuses to overwrite a change made elsewhere. The state goes back to the form, so
 * a refused description is still there to fix; it works without JavaScript too (the page re-renders with it).
 */
export async function saveListing(previous: EditState, form: FormData): Promise<EditState> {
  const id = idRule.safeParse(text(form, "product_id"));
  const version = versionRule.safeParse(text(form, "version"));
  if (!id.success || id.data !== previous.productId || !version.success) {
    return {
      ...previous,
      notice: { tone: "bad", title: "Not saved", text: "That form was not valid. Reload the page." },
    };
  }
  const submitted: EditState["values"] = {
    price_amount: text(form, "price_amount"),
    quantity: text(form, "quantity"),
    description: text(form, "description"),
    ...(previous.values.national_shipping_cost !== undefined
      ? { national_shipping_cost: text(form, "national_shipping_cost") }
      : {}),
  };
  const base = { productId: id.data, version: version.data, values: submitted };

  const price = priceRule.safeParse(submitted.price_amount);
  const quantity = quantityRule.safeParse(submitted.quantity);
  const description = descriptionRule.safeParse(submitted.description);
  const shipping =
    submitted.national_shipping_cost !== undefined
      ? shippingCostRule.safeParse(submitted.national_shipping_cost)
      : undefined;
  const errors: EditState["errors"] = {};
  if (!price.success) errors.price_amount = price.error.issues[0]?.message ?? "Check the price.";
  if (!quantity.success) errors.quantity = quantity.error.issues[0]?.message ?? "Check the quantity.";
  if (!description.success) errors.description = description.error.issues[0]?.message ?? "Check the description.";
  if (shipping && !shipping.success) {
    errors.national_shipping_cost = shipping.error.issues[0]?.message ?? "Check the shipping cost.";
  }
  if (!price.success || !quantity.success || !description.success || (shipping && !shipping.success)) {
    return { ...base, errors, notice: { tone: "bad", title: "Not saved", text: "Fix the fields marked below." } };
  }

  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") {
    return { ...base, errors, notice: { tone: "bad", title: "Not saved", text: PROBLEM_TEXT.unavailable } };
  }
  if (!sellerId) redirect("/");

  const outcome = await editListing(sellerId, id.data, version.data, {
    price_amount: price.data,
    quantity: quantity.data,
    description: description.data,
    ...(shipping?.success ? { national_shipping_cost: shipping.data } : {}),
  });
  switch (outcome.kind) {
    case "saved":
    case "unchanged":
      // The page's facts above the form show the saved listing too (with JavaScript; without it the page is new).
      if (outcome.kind === "saved") revalidatePath(`/dashboard/products/${id.data}`);
      return {
        productId: id.data,
        version: listingVersion(outcome.product),
        values: formValues(outcome.product),
        errors: {},
        notice: {
          tone: "info",
          title: outcome.kind === "saved" ? "Saved on Depop" : "Nothing to save",
          text:
            outcome.kind === "saved"
              ? "Depop now shows the values below."
              : "These are already the listing's values on Depop.",
        },
      };
    case "changed_elsewhere":
      // The seller's own values stay in the form; the version moves on, so saving again is a deliberate choice.
      return {
        ...base,
        version: listingVersion(outcome.product),
        errors: {},
        current: formValues(outcome.product),
        notice: {
          tone: "warn",
          title: "Not saved: this listing changed elsewhere",
          text: `${PROBLEM_TEXT.changed_elsewhere} Nothing was overwritten. Its current values on Depop are shown below; save again to replace them with yours.`,
        },
      };
    case "invalid":
      return {
        ...base,
        errors: outcome.fields,
        notice: {
          tone: "bad",
          title: "Depop refused the change",
          text: outcome.problem ? PROBLEM_TEXT.rejected : "Depop refused the fields marked below. Nothing was changed.",
        },
      };
    case "problem":
      return {
        ...base,
        errors: {},
        notice: {
          tone: outcome.problem === "missing_scope" ? "warn" : "bad",
          title: outcome.problem === "missing_scope" ? "Permission needed" : "Not saved",
          text: PROBLEM_TEXT[outcome.problem],
          ...(outcome.problem === "missing_scope" ? { grant: true } : {}),
        },
      };
  }
}

/** Where a single-item action sends the seller back to: the product page with our own outcome code. */
function back(productId: number, params: Record<string, string>): string {
  return `/dashboard/products/${productId}?${new URLSearchParams(params)}`;
}

const sellerFor = (productId: number) => sellerOrRedirect(back(productId, { problem: "unavailable" }));

/** Mark as sold, after the confirmation step (a plain form: no JavaScript needed). */
export async function markSold(form: FormData): Promise<never> {
  const id = idRule.safeParse(text(form, "product_id"));
  if (!id.success) redirect("/dashboard");
  const outcome = await markListingSold(await sellerFor(id.data), id.data);
  redirect(back(id.data, outcome.ok ? { done: "sold" } : { problem: outcome.problem }));
}

/**
 * Delete, after the confirmation step. Depop is asked to refuse a listing with live offers; when it does, the page
 * says so and offers "Delete anyway" (a second form with `anyway=1`).
 */
export async function removeListing(form: FormData): Promise<never> {
  const id = idRule.safeParse(text(form, "product_id"));
  if (!id.success) redirect("/dashboard");
  const anyway = text(form, "anyway") === "1";
  const outcome = await deleteListing(await sellerFor(id.data), id.data, anyway);
  if (outcome.ok) redirect(back(id.data, { done: "deleted" }));
  redirect(
    back(
      id.data,
      outcome.problem === "active_offers" ? { confirm: "delete", offers: "1" } : { problem: outcome.problem },
    ),
  );
}
