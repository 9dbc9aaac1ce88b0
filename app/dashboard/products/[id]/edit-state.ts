import type { Product } from "@/lib/depop/schemas";
import type { EditableField } from "@/lib/listings/edit";

/** What the edit form shows: the values in its fields, their errors, and a notice about the last save. */
export type EditState = {
  productId: number;
  version: string;
  values: { price_amount: string; quantity: string; description: string; national_shipping_cost?: string };
  errors: Partial<Record<EditableField, string>>;
  notice?: { tone: "info" | "warn" | "bad"; title: string; text: string; grant?: boolean };
  /** The listing as Depop has it now, when it changed elsewhere since the form was rendered. */
  current?: { price_amount: string; quantity: string; description: string; national_shipping_cost?: string };
};

/** The form's fields filled from a listing as Depop has it. */
export function formValues(product: Product): EditState["values"] {
  return {
    price_amount: product.price_amount,
    quantity: String(product.quantity ?? 1),
    description: product.description,
    ...(product.national_shipping_cost !== undefined ? { national_shipping_cost: product.national_shipping_cost } : {}),
  };
}
