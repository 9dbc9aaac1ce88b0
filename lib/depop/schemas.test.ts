import { describe, expect, it } from "vitest";
import {
  apiErrorSchema,
  orderSchema,
  productCardListSchema,
  productListSchema,
  shopSchema,
  tokenResponseSchema,
} from "./schemas";

const tokens = {
  access_token: "pat_4eea1fdb98106005fea67ed65138df69afa0e6aa",
  refresh_token: "prt_26f4f74b761c83ef0d383bcfc419e114fd554331",
  expires_in: 3600,
  token_type: "Bearer",
};

describe("Depop payload schemas", () => {
  it("accepts Depop's documented token response, token_type in any case", () => {
    expect(tokenResponseSchema.parse(tokens).access_token).toBe(tokens.access_token);
    expect(tokenResponseSchema.safeParse({ ...tokens, token_type: "bearer" }).success).toBe(true);
  });

  it("refuses token responses we cannot trust", () => {
    const { refresh_token: _, ...withoutRefresh } = tokens;
    for (const bad of [
      withoutRefresh,
      { ...tokens, token_type: "mac" },
      { ...tokens, expires_in: -5 },
      { ...tokens, expires_in: 0 },
      { ...tokens, expires_in: 10 ** 9 },
      { ...tokens, access_token: "" },
      [tokens],
    ]) {
      expect(tokenResponseSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("parses the shop identity", () => {
    expect(shopSchema.parse({ id: 97082934, username: "good_will_charity", country_code: "US" }).id).toBe(97082934);
    expect(shopSchema.safeParse({ username: "x", country_code: "US" }).success).toBe(false);
  });

  it("parses a product list page with string money and the cursor envelope", () => {
    const page = productListSchema.parse({
      meta: { cursor: "NzIwODg1MXwyMDI1LTA2LTE3VDE2OjM3OjMwLjQ0ODI0NTU1NFp8MjQw", has_more: true },
      data: [
        {
          product_id: 123456789,
          sku: null,
          slug: "vintage-nike-t-shirt-123456789",
          status: "STATUS_ONSALE",
          description: "Vintage Nike tee\n\nGreat condition #nike",
          price_currency: "GBP",
          price_amount: "25.99",
          current_price: "24.00",
          quantity: 1,
          pictures: [{ url: "https://media-photos-staging.depop.com/b0/P0.jpg", height: 1280, width: 1280 }],
        },
      ],
    });
    expect(page.meta.has_more).toBe(true);
    expect(page.data[0]?.current_price).toBe("24.00");
  });

  it("reads a list's products for their cards: shown fields checked, the cover picture only", () => {
    const product = {
      product_id: 7,
      slug: "umbro-shirt-7",
      status: "STATUS_ONSALE",
      description: "Umbro shirt",
      price_currency: "GBP",
      price_amount: "72.00",
      pictures: [{ url: "https://media-photos.depop.com/b0/P0.jpg", width: 640, height: 640 }, { url: "not a url" }],
      created_at: "not a date",
      colour: "not a list",
    };
    const page = productCardListSchema.parse({ meta: { has_more: false }, data: [product] });
    expect(page.data[0]?.pictures).toEqual([
      { url: "https://media-photos.depop.com/b0/P0.jpg", width: 640, height: 640 },
    ]);
    expect(page.data[0]).not.toHaveProperty("colour");
    expect(productCardListSchema.parse({ meta: {}, data: [{ ...product, pictures: [] }] }).data[0]?.pictures).toEqual(
      [],
    );
    for (const bad of [
      { ...product, pictures: [{ url: "javascript:alert(1)" }] },
      { ...product, pictures: [{ url: "https://media-photos.depop.com/P0.jpg", width: -1 }] },
      { ...product, pictures: undefined },
      { ...product, price_amount: 72 },
      { ...product, price_currency: "pounds" },
      { ...product, slug: "" },
      { ...product, product_id: -1 },
    ]) {
      const result = productCardListSchema.safeParse({ meta: {}, data: [bad] });
      expect(result.success, JSON.stringify(bad)).toBe(false);
    }
    const cover = productCardListSchema.safeParse({
      meta: {},
      data: [{ ...product, pictures: [{ url: "ftp://x/y" }] }],
    });
    expect(cover.error?.issues[0]?.path).toEqual(["data", 0, "pictures", 0, "url"]);
  });

  it("refuses numbers where Depop sends decimal strings", () => {
    const result = productListSchema.safeParse({
      meta: { cursor: null, has_more: false },
      data: [
        {
          product_id: 1,
          slug: "a-1",
          status: "STATUS_ONSALE",
          description: "",
          price_currency: "GBP",
          price_amount: 25.99,
          pictures: [],
        },
      ],
    });
    expect(result.success).toBe(false);
  });

  it("drops a product timestamp that is not a date instead of failing the product", () => {
    const product = {
      product_id: 1,
      slug: "a-1",
      status: "STATUS_ONSALE",
      description: "A",
      price_currency: "GBP",
      price_amount: "10.00",
      pictures: [],
    };
    for (const created_at of ["yesterday", "2024-13-45T99:99:99Z", "", "2024-01-15"]) {
      const parsed = productListSchema.parse({ meta: { has_more: false }, data: [{ ...product, created_at }] });
      expect(parsed.data[0]?.created_at).toBeUndefined();
    }
    const good = productListSchema.parse({
      meta: { has_more: false },
      data: [{ ...product, created_at: "2025-06-17T16:37:30.448245554Z" }],
    });
    expect(good.data[0]?.created_at).toBe("2025-06-17T16:37:30.448245554Z");
  });
});

describe("list meta and the error envelope, as the spec marks them (optional fields)", () => {
  it("take a list without has_more as the last page, and a string cursor on an empty list", () => {
    expect(productListSchema.parse({ meta: { cursor: "" }, data: [] }).meta.has_more).toBe(false);
    expect(productListSchema.parse({ meta: {}, data: [] }).meta).toEqual({ has_more: false });
  });

  it("parse an error envelope without errors", () => {
    expect(apiErrorSchema.parse({ id: "a210923f-c1f3-4d84-a2bd-7f18c68553e2" }).errors).toEqual([]);
  });
});

describe("orders", () => {
  const order = {
    seller_id: 97082934,
    purchase_id: "80000100",
    status: "SHIPPING_PENDING",
    currency: "GBP",
    buyer_pays_amount: "44.99",
    seller_receives_amount: "43.44",
    line_items: [{ product_id: 7208846, slug: "a-7208846", parcel_id: "f0859b07-3b35-443d-bd74-02cbf5682ef2" }],
    created_at: "2026-12-01T07:00:00Z",
  };

  it("keep money as decimal strings and tolerate unknown or malformed optional parts", () => {
    const parsed = orderSchema.parse({ ...order, refund_summary: "odd", buyer_address: 7, extra: true });
    expect(parsed.buyer_pays_amount).toBe("44.99");
    expect(parsed.refund_summary).toBeUndefined();
    expect(parsed.buyer_address).toBeUndefined();
  });

  it("refuse an order without items, with money as numbers, or with a purchase id that is not an id", () => {
    expect(orderSchema.safeParse({ ...order, line_items: [] }).success).toBe(false);
    expect(orderSchema.safeParse({ ...order, buyer_pays_amount: 44.99 }).success).toBe(false);
    expect(orderSchema.safeParse({ ...order, purchase_id: "../../x" }).success).toBe(false);
  });
});
