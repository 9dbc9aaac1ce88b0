"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { sellerOrRedirect } from "@/app/dashboard/data";
import { config } from "@/lib/config";
import { NotConnectedError, ReconnectRequiredError, withAccessToken } from "@/lib/connections";
import { isStorageError } from "@/lib/db";
import { DepopApiError, markAsShipped } from "@/lib/depop/api";
import { log } from "@/lib/log";

const ids = z.object({
  purchase_id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
  parcel_id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9-]+$/),
});
const tracking = z
  .string()
  .trim()
  .min(1, "required")
  .max(64, "invalid")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, "invalid");
const carrier = z
  .string()
  .trim()
  .min(1, "required")
  .max(40, "invalid")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &.'-]*$/u, "invalid");

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

/**
 * Mark as shipped, per parcel (orders_write). The outcome goes back to the order page as our own codes in its
 * URL: which field is wrong and why, or what Depop answered (never Depop's text, never the tracking number).
 */
export async function markParcelShipped(form: FormData): Promise<never> {
  const parsedIds = ids.safeParse({
    purchase_id: text(form.get("purchase_id")),
    parcel_id: text(form.get("parcel_id")),
  });
  if (!parsedIds.success) redirect("/dashboard/orders");
  const { purchase_id: purchaseId, parcel_id: parcelId } = parsedIds.data;
  const back = (params: Record<string, string>) =>
    `/dashboard/orders/${encodeURIComponent(purchaseId)}?${new URLSearchParams({ parcel: parcelId, ...params })}#parcel-${parcelId}`;

  const trackingNumber = tracking.safeParse(text(form.get("tracking_number")));
  const carrierName = carrier.safeParse(text(form.get("carrier")));
  if (!trackingNumber.success || !carrierName.success) {
    redirect(
      back({
        ...(trackingNumber.success ? {} : { tracking_error: trackingNumber.error.issues[0]?.message ?? "invalid" }),
        ...(carrierName.success ? {} : { carrier_error: carrierName.error.issues[0]?.message ?? "invalid" }),
      }),
    );
  }

  const seller = await sellerOrRedirect(back({ ship_error: "unavailable" }));

  let outcome: Record<string, string>;
  try {
    await withAccessToken(seller, (token) =>
      markAsShipped(config(), token, purchaseId, parcelId, {
        trackingNumber: trackingNumber.data,
        carrier: carrierName.data,
      }),
    );
    outcome = { shipped: "1" };
  } catch (error) {
    outcome = shipProblem(error);
  }
  redirect(back(outcome));
}

function shipProblem(error: unknown): Record<string, string> {
  if (error instanceof ReconnectRequiredError || error instanceof NotConnectedError) return { ship_error: "reconnect" };
  if (isStorageError(error)) return { ship_error: "unavailable" };
  if (!(error instanceof DepopApiError)) {
    log.error("mark as shipped failed", { error });
    return { ship_error: "unavailable" };
  }
  switch (error.kind) {
    case "insufficient_scope":
      return { ship_error: "missing_scope" };
    case "unauthorized":
      return { ship_error: "reconnect" };
    case "not_found":
      return { ship_error: "not_found" };
    case "rate_limited":
      return { ship_error: "rate_limited" };
    case "bad_request":
    case "rejected": {
      // Depop's codes (or the field they name) tell us which field it refused; the words are ours.
      const named = (word: string) =>
        (error.details.codes ?? []).some((entry) => `${entry.field ?? ""} ${entry.code}`.includes(word));
      if (named("tracking")) return { tracking_error: "rejected" };
      if (named("carrier")) return { carrier_error: "rejected" };
      return { ship_error: "rejected" };
    }
    default:
      return { ship_error: "unavailable" };
  }
}
