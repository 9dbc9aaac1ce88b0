import { z } from "zod";

/**
 * Depop payloads as documented (docs/depop-api.md §4, §8, §9, §11). Fields the app shows are required;
 * the rest are optional so a field Depop leaves out of one product does not blank the whole page.
 */

const money = z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, "decimal string");

/**
 * A timestamp Depop documents as ISO 8601 (UTC). Shown, never computed with: one that is not a date is dropped
 * (the field is optional) rather than failing the whole product or crashing the page that formats it.
 */
const timestamp = z.iso
  .datetime({ offset: true })
  .refine((value) => !Number.isNaN(Date.parse(value)))
  .optional()
  .catch(undefined);

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().min(1).max(4096),
  // Depop says 3600; anything non-positive or longer than a week is not a token lifetime we trust.
  expires_in: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 3600),
  token_type: z.string().regex(/^bearer$/i),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const shopSchema = z.object({
  id: z.number().int().nonnegative(),
  username: z.string().min(1).max(200),
  country_code: z.string().min(2).max(3),
});
export type Shop = z.infer<typeof shopSchema>;

export const pictureSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  height: z.number().int().positive().optional(),
  width: z.number().int().positive().optional(),
});

export const productSchema = z.object({
  product_id: z.number().int().nonnegative(),
  sku: z.string().nullable().optional(),
  slug: z.string().min(1).max(300),
  status: z.string().min(1),
  description: z.string(),
  price_currency: z.string().regex(/^[A-Z]{3}$/),
  price_amount: money,
  current_price: money.optional(),
  auto_send_offer_price: money.optional(),
  auto_negotiate_offer_price: money.optional(),
  national_shipping_cost: money.optional(),
  international_shipping_cost: money.optional(),
  quantity: z.number().int().nonnegative().optional(),
  pictures: z.array(pictureSchema),
  address: z.object({ country_code: z.string(), state: z.string().optional() }).optional(),
  department: z.string().optional(),
  product_type: z.string().optional(),
  size_set_id: z.number().int().optional(),
  size_id: z.number().int().optional(),
  condition: z.string().optional(),
  colour: z.array(z.string()).optional(),
  style: z.array(z.string()).optional(),
  age: z.array(z.string()).optional(),
  source: z.array(z.string()).optional(),
  brand: z.string().optional(),
  attributes: z.record(z.string(), z.array(z.string())).optional(),
  is_boosted: z.boolean().optional(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type Product = z.infer<typeof productSchema>;

export const productListSchema = z.object({
  meta: z.object({ cursor: z.string().nullable().optional(), has_more: z.boolean() }),
  data: z.array(productSchema),
});
export type ProductList = z.infer<typeof productListSchema>;

export const apiErrorSchema = z.object({
  id: z.string().optional(),
  errors: z.array(z.object({ code: z.string(), message: z.string().optional() })).min(1),
});
