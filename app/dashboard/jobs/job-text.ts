import type { BulkAction, ItemError } from "@/lib/listings/jobs";
import type { PriceChange } from "@/lib/listings/rules";

/** A job's name as the seller chose it: "Change price by -10%", "Mark as sold", … */
export function jobTitle(action: BulkAction, change: PriceChange | undefined): string {
  if (action === "mark_sold") return "Mark as sold";
  if (action === "delete") return "Delete";
  if (!change) return "Change price";
  if (change.kind === "percent") return `Change price by ${change.value > 0 ? "+" : "−"}${Math.abs(change.value)}%`;
  const amount = (Math.abs(change.cents) / 100).toFixed(2);
  return `Change price by ${change.cents > 0 ? "+" : "−"}${amount}`;
}

export const ITEM_ERROR_TEXT: Record<ItemError, string> = {
  missing_scope: "This app may not edit your listings yet: grant permission to edit listings.",
  reconnect: "Your Depop connection has expired: reconnect, then retry.",
  not_found: "Depop has no such listing in your shop.",
  not_on_sale: "Not on sale any more, so it was left as it is.",
  rate_limited: "Depop was busy.",
  unavailable: "Depop could not be reached.",
  rejected: "Depop refused the change.",
  active_offers: "Buyers have live offers on it, so it was not deleted. Delete it from its own page if you are sure.",
  below_minimum: "The new price would be under 1.00, so it was left as it is.",
  above_maximum: "The new price would be too high, so it was left as it is.",
};

export const FORM_ERROR_TEXT: Record<string, string> = {
  invalid: "That form was not valid. Go back and try again.",
  invalid_change: "Enter the price change as a whole percentage from -90 to 100, or an amount like -2.50.",
  nothing_selected: "Tick at least one listing (or choose every listing on sale) first.",
  unavailable: "The app's storage could not be reached. Nothing was started; please try again.",
  depop_unavailable: "Depop could not be reached to list your listings. Nothing was started; please try again.",
};
