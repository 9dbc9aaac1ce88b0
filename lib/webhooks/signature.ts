import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Depop's webhook signature (docs/depop-api.md §13): `X-Depop-Signature` is the hex HMAC-SHA256, under the webhook
 * secret, of `"<X-Depop-Timestamp>.<raw body>"`, over the body's bytes exactly as they arrived. No framework, no
 * database: the route and the unit tests use the same functions.
 */

/** Deliveries larger than this are refused unread (an order with many line items is a few kilobytes). */
export const MAX_WEBHOOK_BYTES = 256 * 1024;
/** A timestamp further than this from our clock is refused (a replayed or delayed capture). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type SignatureProblem = "missing" | "malformed" | "stale" | "mismatch";

export function signWebhook(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac("sha256", secret)
    .update(`${timestamp}.`, "utf8")
    .update(typeof body === "string" ? Buffer.from(body, "utf8") : body)
    .digest("hex");
}

/**
 * Checks a delivery's signature under each configured secret (newest first, `new,old` while rotating), in constant
 * time per secret, and its timestamp against `now` (milliseconds).
 */
export function verifyWebhookSignature(input: {
  secrets: readonly string[];
  timestamp: string | null;
  signature: string | null;
  body: Buffer;
  now: number;
}): { ok: true } | { ok: false; problem: SignatureProblem } {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, problem: "missing" };
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-fA-F]{64}$/.test(signature)) return { ok: false, problem: "malformed" };
  if (Math.abs(input.now / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS)
    return { ok: false, problem: "stale" };
  const given = Buffer.from(signature.toLowerCase(), "hex");
  let match = false;
  for (const secret of input.secrets) {
    const expected = Buffer.from(signWebhook(secret, timestamp, input.body), "hex");
    // Every secret is tried (no early exit), so the time taken does not say which one matched.
    if (timingSafeEqual(expected, given)) match = true;
  }
  return match ? { ok: true } : { ok: false, problem: "mismatch" };
}

/** The envelope of every delivery (§13). `data` is checked per event type when the event is handled. */
export const webhookEnvelopeSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_:.-]+$/),
  event_type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_:.-]+$/),
  created_at: z.iso.datetime({ offset: true }).refine((value) => !Number.isNaN(Date.parse(value))),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

/** Parses a verified body as the envelope; anything else (not JSON, wrong shape) is null. */
export function parseWebhookEnvelope(body: Buffer): WebhookEnvelope | null {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
  const parsed = webhookEnvelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

const shopId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

/** The shop an envelope is about (`data.seller_id`), if it names one; refunds name only their order. */
export function envelopeShopId(envelope: WebhookEnvelope): string | null {
  const parsed = shopId.safeParse(envelope.data.seller_id);
  return parsed.success ? parsed.data : null;
}

const purchaseId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

/** The order an envelope is about (`data.purchase_id`), if any. */
export function envelopePurchaseId(envelope: WebhookEnvelope): string | null {
  const parsed = purchaseId.safeParse(envelope.data.purchase_id);
  return parsed.success ? parsed.data : null;
}

export const refundDataSchema = z.object({ purchase_id: purchaseId, refunded_by: z.string().max(100).optional() });
export const likeDataSchema = z.object({
  seller_id: shopId,
  product_id: z.number().int().nonnegative(),
  sku: z.string().nullable().optional(),
  slug: z.string().max(300).optional(),
  liker_id: z.union([z.number(), z.string()]).optional(),
});
