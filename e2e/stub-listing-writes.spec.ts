import { type APIRequestContext, request } from "@playwright/test";
import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";

// The stub's listing writes keep Depop's documented contract, so the app's pacing and refusals are tested for real.

let api: APIRequestContext;
let key: string;
test.beforeAll(async () => {
  api = await request.newContext({ baseURL: E2E.stubApiUrl });
  const sellers: { id: number; api_key: string }[] = await (await api.get("/_stub/sellers")).json();
  key = sellers.find((seller) => seller.id === SELLERS.vintage_vault.id)?.api_key ?? "";
});
test.afterAll(async () => {
  await api.dispose();
});

const auth = () => ({ authorization: `Bearer ${key}` });
const codes = async (response: { json(): Promise<{ errors: { code: string }[] }> }) =>
  (await response.json()).errors.map((error) => error.code);

test("the stub's listing writes: validation codes, idempotent delete, offers, create, SKU and slug paths, methods", async ({
  stub,
}) => {
  const path = "/api/v1/products/by-product-id/7208800/";
  const bad = await api.patch(path, {
    headers: auth(),
    data: { price_amount: "0.50", description: "#a #b #c #d #e #f", quantity: 0, colour: "red" },
  });
  expect(bad.status()).toBe(422);
  expect((await codes(bad)).sort()).toEqual(["invalid_description", "invalid_price", "invalid_quantity", "validation"]);
  expect(await codes(await api.patch(path, { headers: auth(), data: { price_amount: 12 } }))).toEqual([
    "invalid_price",
  ]);
  expect(
    await codes(
      await api.patch(path, {
        headers: auth(),
        data: { pictures: Array.from({ length: 9 }, () => "https://x/y.jpg") },
      }),
    ),
  ).toEqual(["too_many_pictures"]);
  expect(await codes(await api.patch(path, { headers: auth(), data: { brand_name: "No Such Brand" } }))).toEqual([
    "invalid_brand",
  ]);
  expect(await codes(await api.put(path, { headers: auth(), data: { quantity: 2 } }))).toEqual([
    "missing_attribute",
    "missing_attribute",
  ]);

  const product = await stub.product(SELLERS.vintage_vault.id, 7208800);
  expect(product.sku).toBeTruthy();
  const bySku = await api.patch(`/api/v1/products/by-sku/${encodeURIComponent(product.sku ?? "")}/`, {
    headers: auth(),
    data: { quantity: 5 },
  });
  expect(bySku.status()).toBe(200);
  expect((await stub.product(SELLERS.vintage_vault.id, 7208800)).quantity).toBe(5);
  expect(
    (await api.patch(`/api/v1/products/by-slug/no-such-slug-1/`, { headers: auth(), data: { quantity: 5 } })).status(),
  ).toBe(404);

  // 409 with fail_if_active_offers; DELETE is idempotent.
  const offers = "/api/v1/products/by-product-id/7208802/";
  const refused = await api.delete(`${offers}?fail_if_active_offers=true`, { headers: auth() });
  expect(refused.status()).toBe(409);
  expect(await codes(refused)).toEqual(["product_has_active_offers"]);
  expect((await api.delete(offers, { headers: auth() })).status()).toBe(200);
  expect((await api.delete(offers, { headers: auth() })).status()).toBe(200);
  expect((await api.delete("/api/v1/products/by-product-id/999999999/", { headers: auth() })).status()).toBe(200);
  expect((await stub.product(SELLERS.vintage_vault.id, 7208802)).status).toBe("STATUS_DELETED_ONSALE");
  // A listing that is not on sale any more takes no writes.
  expect((await api.post(`${offers}mark-as-sold/`, { headers: auth(), data: {} })).status()).toBe(422);
  expect((await api.get(`${offers}mark-as-sold/`, { headers: auth() })).status()).toBe(405);

  const created = await api.post("/api/v1/products/", {
    headers: auth(),
    data: { description: "A new listing #new", price_amount: "9.99", quantity: 1, sku: "VV-NEW-1" },
  });
  expect(created.status()).toBe(201);
  const { product_id: newId } = await created.json();
  expect((await stub.product(SELLERS.vintage_vault.id, newId)).price_amount).toBe("9.99");
});

test("the stub answers 403 insufficient_scope to a token without products_write, and 429 past 20 writes a second", async ({
  page,
  stub,
  connectAs,
}) => {
  await connectAs("vintage_vault", page, { withoutScopes: ["products_write"] });
  const { access_tokens: tokens } = await stub.issued();
  const token = tokens.at(-1) ?? "";
  const forbidden = await api.patch("/api/v1/products/by-product-id/7208800/", {
    headers: { authorization: `Bearer ${token}` },
    data: { quantity: 2 },
  });
  expect(forbidden.status()).toBe(403);
  expect((await forbidden.json()).errors).toEqual([
    { code: "insufficient_scope", message: "Required scope: products_write" },
  ]);

  const burst = await Promise.all(
    Array.from({ length: 30 }, () =>
      api.patch("/api/v1/products/by-product-id/7208801/", { headers: auth(), data: { quantity: 2 } }),
    ),
  );
  const statuses = burst.map((response) => response.status());
  expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(20);
  expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(10);
  const limited = burst.find((response) => response.status() === 429);
  expect(await codes(limited as NonNullable<typeof limited>)).toEqual(["too_many_requests"]);
});
