import { z } from "zod";

/**
 * Depop's rules for the listing fields this app edits (docs/depop-api.md §8), checked before anything is sent so the
 * seller hears about a problem in our words and next to the field. Depop checks them again (422) all the same.
 */

export const DESCRIPTION_MAX_CHARACTERS = 1000;
export const DESCRIPTION_MAX_HASHTAGS = 5;
export const PRICE_MIN = "1.00";
/** Depop documents no maximum; this keeps a typo (an extra zero or three) from reaching it. */
export const PRICE_MAX = 100_000;
export const QUANTITY_MAX = 9999;

const HASHTAG = /#[\p{L}\p{N}_]+/gu;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const DECIMAL = /^\d{1,9}(\.\d{1,2})?$/;

export function countHashtags(text: string): number {
  return (text.match(HASHTAG) ?? []).length;
}

/** Characters as a person counts them (an emoji is one), which is how the 1000 is counted here. */
export function countCharacters(text: string): number {
  return [...text].length;
}

export const descriptionRule = z
  .string()
  .transform((value) => value.replace(/\r\n/g, "\n").trim())
  .superRefine((value, context) => {
    const problem = descriptionProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

export function descriptionProblem(value: string): string | undefined {
  if (value.length === 0) return "Write a description: Depop needs one.";
  if (countCharacters(value) > DESCRIPTION_MAX_CHARACTERS) {
    return `Keep the description to ${DESCRIPTION_MAX_CHARACTERS} characters (it has ${countCharacters(value)}).`;
  }
  if (countHashtags(value) > DESCRIPTION_MAX_HASHTAGS) {
    return `Use at most ${DESCRIPTION_MAX_HASHTAGS} hashtags (it has ${countHashtags(value)}).`;
  }
  if (EMAIL.test(value)) return "Remove the e-mail address: Depop does not allow contact details in a description.";
  return undefined;
}

/** A price as Depop takes it: a decimal string, at least 1.00, at most two decimals. "12" becomes "12.00". */
export const priceRule = z
  .string()
  .trim()
  .transform((value) => value.replace(/^[£$€]\s*/, ""))
  .superRefine((value, context) => {
    const problem = priceProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .transform(normaliseMoney);

export function priceProblem(value: string): string | undefined {
  if (value.length === 0) return "Enter a price.";
  if (!DECIMAL.test(value)) return "Enter the price as a number with at most 2 decimals, like 12.50.";
  if (Number(value) < Number(PRICE_MIN)) return `The price must be at least ${PRICE_MIN}.`;
  if (Number(value) > PRICE_MAX) return `The price must be at most ${PRICE_MAX}.`;
  return undefined;
}

/** A shipping cost: a decimal string, 0.00 (free) or more, at most two decimals. */
export const shippingCostRule = z
  .string()
  .trim()
  .transform((value) => value.replace(/^[£$€]\s*/, ""))
  .refine((value) => DECIMAL.test(value), "Enter the shipping cost as a number with at most 2 decimals (0 is free).")
  .refine((value) => Number(value) <= 1000, "The shipping cost must be at most 1000.")
  .transform(normaliseMoney);

export const quantityRule = z
  .string()
  .trim()
  .refine((value) => /^\d{1,4}$/.test(value), `Enter a whole number from 1 to ${QUANTITY_MAX}.`)
  .transform(Number)
  .refine((value) => value >= 1 && value <= QUANTITY_MAX, `Enter a whole number from 1 to ${QUANTITY_MAX}.`);

export function normaliseMoney(value: string): string {
  const [whole = "0", fraction = ""] = value.split(".");
  return `${String(Number(whole))}.${fraction.padEnd(2, "0")}`;
}

/** Money in whole cents, for arithmetic that must not drift (12.10 * 0.9 is 10.89, not 10.889999…). */
export function toCents(value: string): number {
  const [whole = "0", fraction = ""] = value.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}

export function fromCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

export type PriceChange = { kind: "percent"; value: number } | { kind: "amount"; cents: number };

/**
 * The new price after a bulk change, rounded to the cent (half up), or a reason it cannot be applied: Depop's floor
 * is 1.00, so a cut that would go under it is refused for that listing rather than clamped.
 */
export function changedPrice(
  current: string,
  change: PriceChange,
): { ok: true; price: string } | { ok: false; problem: string } {
  const cents = toCents(current);
  const next = change.kind === "percent" ? Math.round((cents * (100 + change.value)) / 100) : cents + change.cents;
  if (next < toCents(PRICE_MIN)) return { ok: false, problem: `The new price would be under ${PRICE_MIN}.` };
  if (next > PRICE_MAX * 100) return { ok: false, problem: `The new price would be over ${PRICE_MAX}.` };
  return { ok: true, price: fromCents(next) };
}

/** The bulk form's price change: a percentage (-90 to +100) or an amount (±, two decimals at most). */
export const priceChangeRule = z
  .object({
    change_kind: z.enum(["percent", "amount"]),
    change_value: z
      .string()
      .trim()
      .regex(/^[+\-−]?\d{1,6}(\.\d{1,2})?$/, "Enter a number, like -10 or 2.50."),
  })
  .transform(({ change_kind, change_value }, context): PriceChange => {
    const negative = /^[-−]/.test(change_value);
    const magnitude = change_value.replace(/^[+\-−]/, "");
    if (change_kind === "percent") {
      const value = (negative ? -1 : 1) * Number(magnitude);
      if (!Number.isInteger(value) || value < -90 || value > 100 || value === 0) {
        context.addIssue({ code: "custom", message: "Enter a whole percentage from -90 to 100 (not 0)." });
        return z.NEVER;
      }
      return { kind: "percent", value };
    }
    const cents = (negative ? -1 : 1) * toCents(magnitude);
    if (cents === 0) {
      context.addIssue({ code: "custom", message: "Enter an amount other than 0." });
      return z.NEVER;
    }
    return { kind: "amount", cents };
  });
