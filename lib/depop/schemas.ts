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
  depop_shipping: z
    .object({
      address_id: z.union([z.string(), z.number()]).optional(),
      shipping_provider_id: z.string().optional(),
      parcel_size_id: z.string().optional(),
      payer: z.string().optional(),
    })
    .optional()
    .catch(undefined),
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

/**
 * A list page's `meta`. Depop's spec marks both fields optional: a missing `has_more` counts as "no more pages"
 * (a client that kept asking on a cursor alone could loop on the last page, whose cursor Depop still sends).
 */
const listMeta = z.object({
  cursor: z.string().nullable().optional(),
  has_more: z.boolean().optional().default(false),
});

export const productListSchema = z.object({
  meta: listMeta,
  data: z.array(productSchema),
});
export type ProductList = z.infer<typeof productListSchema>;

/**
 * A list's product as a dashboard card reads it: the fields the card shows, held to the same rules as in
 * `productSchema`, and the cover picture (the first) only; the rest of each product is not read, so not checked
 * (its timestamps, its other pictures' URLs and so on were most of the list's validation time).
 */
export const productCardSchema = productSchema
  .pick({
    product_id: true,
    slug: true,
    status: true,
    description: true,
    price_currency: true,
    price_amount: true,
    current_price: true,
    quantity: true,
  })
  .extend({
    pictures: z.array(z.unknown()).transform((pictures, context) => {
      if (pictures.length === 0) return [];
      const cover = pictureSchema.safeParse(pictures[0]);
      if (cover.success) return [cover.data];
      for (const issue of cover.error.issues) context.addIssue({ ...issue, path: [0, ...issue.path] });
      return z.NEVER;
    }),
  });
export type ProductCard = z.infer<typeof productCardSchema>;

export const productCardListSchema = z.object({ meta: listMeta, data: z.array(productCardSchema) });
export type ProductCardList = z.infer<typeof productCardListSchema>;

/** The general error envelope (§11). `errors` is optional in Depop's spec, so an envelope without it still parses. */
export const apiErrorSchema = z.object({
  id: z.string().optional(),
  errors: z
    .array(z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional() }))
    .optional()
    .default([]),
});

// Orders (docs/depop-api.md §10). What the pages show is required; the rest is optional.

const text = (max: number) => z.string().max(max);

export const ORDER_STATUSES = ["SHIPPING_PENDING", "SHIPPED", "REFUNDED", "CANCELLED", "COMPLETED"] as const;

export const orderLineItemSchema = z.object({
  purchase_item_id: z.union([z.string(), z.number()]).optional(),
  product_id: z.number().int().nonnegative(),
  sku: z.string().nullable().optional(),
  slug: text(300),
  parcel_id: z.string().min(1).max(100),
  description: text(2000).optional(),
  original_price: money.optional(),
  sold_price: money.optional(),
  sold_via_offers: z.boolean().optional(),
  image_url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .catch(undefined),
});
export type OrderLineItem = z.infer<typeof orderLineItemSchema>;

export const orderAddressSchema = z
  .object({
    name: text(200).optional(),
    address: text(300).optional(),
    address_line_1: text(300).optional(),
    address_line_2: text(300).nullable().optional(),
    city: text(200).optional(),
    state: text(200).nullable().optional(),
    postcode: text(40).optional(),
    country_code: text(3).optional(),
  })
  .partial();

export const orderSchema = z.object({
  seller_id: z.number().int().nonnegative(),
  purchase_id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
  status: z.string().min(1).max(50),
  currency: z.string().regex(/^[A-Z]{3}$/),
  buyer_pays_amount: money,
  seller_receives_amount: money,
  buyer_shipping_price: money.optional(),
  buyer_tax_amount: money.optional(),
  buyer_address: orderAddressSchema.optional().catch(undefined),
  line_items: z.array(orderLineItemSchema).min(1).max(200),
  seller_fee_breakdown: z
    .array(z.object({ type: text(100).optional(), name: text(100).optional(), amount: money.optional() }))
    .optional()
    .catch(undefined),
  depop_shipping: z
    .object({
      shipping_provider_id: text(100).optional(),
      parcel_size_id: text(100).optional(),
      tracking_number: text(200).nullable().optional(),
    })
    .partial()
    .nullable()
    .optional()
    .catch(undefined),
  refund_summary: z
    .object({
      total_refunded_amount: money.optional(),
      items_refunded_amount: money.optional(),
      shipping_refunded_amount: money.optional(),
      refunded_at: z.string().optional(),
    })
    .partial()
    .nullable()
    .optional()
    .catch(undefined),
  created_at: z.iso.datetime({ offset: true }).refine((value) => !Number.isNaN(Date.parse(value))),
});
export type Order = z.infer<typeof orderSchema>;

export const orderListSchema = z.object({ meta: listMeta, data: z.array(orderSchema) });
export type OrderList = z.infer<typeof orderListSchema>;

export const sellerAddressSchema = z.object({
  id: z.union([z.string(), z.number()]),
  name: text(200).optional(),
  country_code: text(3).optional(),
});
export const sellerAddressListSchema = z.object({ meta: listMeta, data: z.array(sellerAddressSchema) });
export type SellerAddressList = z.infer<typeof sellerAddressListSchema>;

/** A write's answer: Depop documents no body we rely on, so anything (or nothing) that is JSON is fine. */
export const writeAnswerSchema = z.unknown();
