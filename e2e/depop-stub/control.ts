import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { StubContext } from "./context";
import { sendApiError } from "./errors";
import { FAULT_ENDPOINTS } from "./faults";
import { duplicateNames, pairsToMap, parseForm, readBody, sendEmpty, sendJson } from "./http";
import { applyRefund } from "./orders-api";
import { simulatePurchase } from "./sales";
import { DELIVERY_MODES } from "./webhooks";

/** Control calls are for tests only, but still must not crash on junk input. */
// Large enough for tests that make the stub answer with an oversized body.
const CONTROL_BODY_LIMIT = 1024 * 1024;

const SellerFilter = z.strictObject({ seller_id: z.number().int().positive().optional() });

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "invalid header name");
const HeaderValue = z.string().regex(/^[\t\x20-\x7e]*$/, "invalid header value");

const FaultInput = z
  .strictObject({
    endpoint: z.enum(FAULT_ENDPOINTS),
    status: z.number().int().min(200).max(599).optional(),
    body: z.string().max(1_000_000).optional(),
    content_type: HeaderValue.optional(),
    delay_ms: z.number().int().min(0).max(600_000).optional(),
    answer_after_ms: z.number().int().min(0).max(600_000).optional(),
    times: z
      .number()
      .int()
      .refine((value) => value === -1 || value >= 1, "times must be -1 or at least 1")
      .optional(),
    grant_type: z.enum(["authorization_code", "refresh_token"]).optional(),
    product_id: z.number().int().positive().optional(),
    headers: z.record(HeaderName, HeaderValue).optional(),
  })
  .refine(
    (fault) => fault.grant_type === undefined || fault.endpoint === "token",
    "grant_type only applies to the token endpoint",
  );

const ChangeInput = z.strictObject({
  seller_id: z.number().int().positive(),
  product_id: z.number().int().positive(),
  price_amount: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,2})?$/)
    .optional(),
  quantity: z.number().int().min(1).optional(),
  description: z.string().min(1).max(1000).optional(),
  national_shipping_cost: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,2})?$/)
    .optional(),
});
const OffersInput = z.strictObject({
  product_id: z.number().int().positive(),
  active: z.boolean(),
});

const ClockInput = z.strictObject({ advance_seconds: z.number().finite() });

const SellerInput = z.strictObject({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  username: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, "username must be 1-40 letters, digits, '_', '.' or '-'"),
  country_code: z.enum(["GB", "US"]),
  product_count: z.number().int().min(0).max(100_000),
});

const Delivery = {
  delivery: z.enum(DELIVERY_MODES).optional(),
  delay_ms: z.number().int().min(0).max(120_000).optional(),
};
const PurchaseInput = z.strictObject({
  seller_id: z.number().int().positive(),
  product_id: z.number().int().positive().optional(),
  ...Delivery,
});
const RefundInput = z.strictObject({ purchase_id: z.string().regex(/^\d{1,20}$/), ...Delivery });
const LikeInput = z.strictObject({
  seller_id: z.number().int().positive(),
  product_id: z.number().int().positive(),
  unlike: z.boolean().optional(),
  ...Delivery,
});
const SendInput = z.strictObject({
  event_type: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()),
  ...Delivery,
});
const RemoveOrderInput = z.strictObject({ purchase_id: z.string().regex(/^\d{1,20}$/) });

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; message: string };

async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const body = await readBody(req, CONTROL_BODY_LIMIT);
  if (!body.ok) return { ok: false, status: 413, message: "request body too large" };
  const text = body.body.toString("utf8").trim();
  // An empty body means "no options", e.g. a bare POST /_stub/revoke.
  if (text === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: "body is not valid JSON" };
  }
}

/** Reads and validates a JSON body; on failure it answers and returns undefined. */
async function parseBody<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>): Promise<T | undefined> {
  const json = await readJson(req);
  if (!json.ok) {
    sendApiError(res, json.status, "bad-request", json.message);
    return undefined;
  }
  const result = schema.safeParse(json.value);
  if (!result.success) {
    const message = result.error.issues
      .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
      .join("; ");
    sendApiError(res, 400, "bad-request", message);
    return undefined;
  }
  return result.data;
}

function sellerSummary(seller: { id: number; username: string; productCount: number; apiKey: string }) {
  return { id: seller.id, username: seller.username, product_count: seller.productCount, api_key: seller.apiKey };
}

/** A seller and one of its products, by id (either undefined when there is no such one). */
function sellerProduct(ctx: StubContext, sellerId: number, productId: number) {
  const seller = ctx.sellers.byId(sellerId);
  const found = seller ? ctx.sellers.find(seller, { by: "id", value: productId }, ctx.urls.www) : undefined;
  return { seller, found };
}

function clockState(ctx: StubContext) {
  return { now: new Date(ctx.clock.now()).toISOString(), offset_seconds: ctx.clock.offsetSeconds() };
}

/** The /_stub/ routes: inspect and steer the fake from tests. No auth: it binds to localhost. */
export async function handleControl(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  rawQuery: string,
): Promise<void> {
  const route = `${req.method ?? ""} ${path}`;
  switch (route) {
    case "GET /_stub/requests": {
      const parsed = parseForm(rawQuery);
      const since =
        parsed.ok && duplicateNames(parsed.pairs).length === 0 ? (pairsToMap(parsed.pairs).get("since") ?? "0") : "";
      if (!/^\d{1,15}$/.test(since)) {
        sendApiError(res, 400, "bad-request", "since must be a non-negative integer");
        return;
      }
      sendJson(res, 200, { requests: ctx.log.since(Number(since)) });
      return;
    }
    case "POST /_stub/reset": {
      ctx.log.clear();
      ctx.faults.clear();
      ctx.clock.reset();
      ctx.oauth.reset();
      ctx.webhooks.reset();
      ctx.sellers.restoreStatuses();
      ctx.listings.reset();
      ctx.orders.seed(ctx.urls.www);
      sendEmpty(res, 204);
      return;
    }
    case "POST /_stub/expire-access-tokens": {
      const input = await parseBody(req, res, SellerFilter);
      if (input) sendJson(res, 200, { expired: ctx.oauth.expireAccessTokens(input.seller_id) });
      return;
    }
    case "POST /_stub/revoke": {
      const input = await parseBody(req, res, SellerFilter);
      if (input) sendJson(res, 200, { revoked: ctx.oauth.revokeGrants(input.seller_id) });
      return;
    }
    case "GET /_stub/faults": {
      sendJson(res, 200, { faults: ctx.faults.list() });
      return;
    }
    case "POST /_stub/faults": {
      const input = await parseBody(req, res, FaultInput);
      if (!input) return;
      const fault = {
        endpoint: input.endpoint,
        delayMs: input.delay_ms ?? 0,
        answerAfterMs: input.answer_after_ms ?? 0,
        remaining: input.times ?? 1,
        headers: input.headers ?? {},
        ...(input.status === undefined ? {} : { status: input.status }),
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.content_type === undefined ? {} : { contentType: input.content_type }),
        ...(input.grant_type === undefined ? {} : { grantType: input.grant_type }),
        ...(input.product_id === undefined ? {} : { productId: input.product_id }),
      };
      ctx.faults.add(fault);
      sendJson(res, 201, { fault, queued: ctx.faults.list().length });
      return;
    }
    case "DELETE /_stub/faults": {
      ctx.faults.clear();
      sendEmpty(res, 204);
      return;
    }
    case "GET /_stub/clock": {
      sendJson(res, 200, clockState(ctx));
      return;
    }
    case "POST /_stub/clock": {
      const input = await parseBody(req, res, ClockInput);
      if (!input) return;
      ctx.clock.advance(input.advance_seconds);
      sendJson(res, 200, clockState(ctx));
      return;
    }
    case "GET /_stub/tokens": {
      const apiKeys: Record<string, string> = {};
      for (const seller of ctx.sellers.all()) apiKeys[String(seller.id)] = seller.apiKey;
      const { history } = ctx.oauth;
      sendJson(res, 200, {
        access_tokens: history.accessTokens,
        refresh_tokens: history.refreshTokens,
        codes: history.codes,
        api_keys: apiKeys,
      });
      return;
    }
    case "GET /_stub/sellers": {
      sendJson(res, 200, ctx.sellers.all().map(sellerSummary));
      return;
    }
    case "POST /_stub/sellers": {
      const input = await parseBody(req, res, SellerInput);
      if (!input) return;
      if (ctx.sellers.byId(input.id) || ctx.sellers.byUsername(input.username)) {
        sendApiError(res, 409, "conflict", "a seller with this id or username already exists");
        return;
      }
      const seller = ctx.sellers.add({
        id: input.id,
        username: input.username,
        countryCode: input.country_code,
        productCount: input.product_count,
      });
      sendJson(res, 201, sellerSummary(seller));
      return;
    }
    case "POST /_stub/purchase": {
      const input = await parseBody(req, res, PurchaseInput);
      if (!input) return;
      const seller = ctx.sellers.byId(input.seller_id);
      if (!seller) {
        sendApiError(res, 404, "not_found", "no such seller");
        return;
      }
      const result = await simulatePurchase(ctx, seller, {
        ...(input.product_id === undefined ? {} : { productId: input.product_id }),
        ...(input.delivery === undefined ? {} : { mode: input.delivery }),
        ...(input.delay_ms === undefined ? {} : { delayMs: input.delay_ms }),
      });
      if ("problem" in result) {
        sendApiError(res, 409, "conflict", "the product is not on sale");
        return;
      }
      sendJson(res, 201, { order: result.order, delivery: result.delivery });
      return;
    }
    case "POST /_stub/refund": {
      const input = await parseBody(req, res, RefundInput);
      if (!input) return;
      const order = ctx.orders.byPurchaseId(input.purchase_id);
      if (!order) {
        sendApiError(res, 404, "order_not_found", "no such order");
        return;
      }
      applyRefund(order);
      const event = ctx.webhooks.makeEvent("v1:order.refund", { purchase_id: order.purchase_id, refunded_by: "buyer" });
      const delivery = await ctx.webhooks.deliver(event, input.delivery ?? "normal", input.delay_ms);
      sendJson(res, 200, { order, delivery });
      return;
    }
    case "POST /_stub/like": {
      const input = await parseBody(req, res, LikeInput);
      if (!input) return;
      const { seller, found } = sellerProduct(ctx, input.seller_id, input.product_id);
      if (!seller || !found) {
        sendApiError(res, 404, "product_not_found", "no such product");
        return;
      }
      const event = ctx.webhooks.makeEvent(input.unlike ? "v1:product.unlike" : "v1:product.like", {
        seller_id: seller.id,
        product_id: found.product_id,
        sku: found.sku,
        slug: found.slug,
        liker_id: 55_000_001,
      });
      sendJson(res, 200, { delivery: await ctx.webhooks.deliver(event, input.delivery ?? "normal", input.delay_ms) });
      return;
    }
    case "POST /_stub/webhooks/send": {
      const input = await parseBody(req, res, SendInput);
      if (!input) return;
      const event = ctx.webhooks.makeEvent(input.event_type, input.data);
      sendJson(res, 200, {
        event,
        delivery: await ctx.webhooks.deliver(event, input.delivery ?? "normal", input.delay_ms),
      });
      return;
    }
    case "POST /_stub/webhooks/flush": {
      sendJson(res, 200, { sent: await ctx.webhooks.flush() });
      return;
    }
    case "GET /_stub/deliveries": {
      sendJson(res, 200, { deliveries: ctx.webhooks.deliveries });
      return;
    }
    case "GET /_stub/shipments": {
      sendJson(res, 200, { shipments: ctx.orders.shipments });
      return;
    }
    case "POST /_stub/products/change": {
      // The seller edits the listing elsewhere (Depop's own app): a new updated_at and the changed fields.
      const input = await parseBody(req, res, ChangeInput);
      if (!input) return;
      const { seller, found } = sellerProduct(ctx, input.seller_id, input.product_id);
      if (!seller || !found) {
        sendApiError(res, 404, "product_not_found", "no such product");
        return;
      }
      const { seller_id: _seller, product_id: _product, ...changes } = input;
      ctx.listings.edit(found.product_id, changes, ctx.clock.now());
      sendJson(res, 200, ctx.listings.apply(found));
      return;
    }
    case "POST /_stub/products/offers": {
      const input = await parseBody(req, res, OffersInput);
      if (!input) return;
      ctx.listings.setOffers(input.product_id, input.active);
      sendEmpty(res, 204);
      return;
    }
    case "POST /_stub/orders/remove": {
      const input = await parseBody(req, res, RemoveOrderInput);
      if (!input) return;
      sendJson(res, 200, { removed: ctx.orders.remove(input.purchase_id) });
      return;
    }
    default:
      sendApiError(res, 404, "not_found", `No control route ${route}`);
  }
}
