import { after, type NextRequest } from "next/server";
import { config } from "@/lib/config";
import { isStorageError } from "@/lib/db";
import { log } from "@/lib/log";
import { processEvent, storeEvent } from "@/lib/orders";
import { MAX_WEBHOOK_BYTES, parseWebhookEnvelope, verifyWebhookSignature } from "@/lib/webhooks/signature";

export const dynamic = "force-dynamic";

const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

/**
 * Depop's webhook deliveries (docs/depop-api.md §13), server to server, so proxy.ts leaves this one path out of its
 * same-origin check. In order: off (404) without DEPOP_WEBHOOK_SECRET; body capped; signature over the raw bytes
 * and timestamp within 5 minutes (401 otherwise, nothing stored); the envelope checked (400); stored once by its id;
 * 200 at once. The event is handled after the answer has gone (`after`), and by the cron route if that fails.
 */
export async function POST(request: NextRequest) {
  const secrets = config().webhookSecrets;
  if (secrets.length === 0) return answer(404, { error: "not_found" });

  const body = await readCapped(request);
  if (body === "too_large") return answer(413, { error: "too_large" });
  if (body === "unreadable") return answer(400, { error: "bad_request" });

  const check = verifyWebhookSignature({
    secrets,
    timestamp: request.headers.get("x-depop-timestamp"),
    signature: request.headers.get("x-depop-signature"),
    body,
    now: Date.now(),
  });
  if (!check.ok) {
    log.info("webhook delivery refused", { problem: check.problem });
    return answer(401, { error: "invalid_signature" });
  }
  const envelope = parseWebhookEnvelope(body);
  if (!envelope) return answer(400, { error: "invalid_envelope" });

  let stored: boolean;
  try {
    stored = await storeEvent(envelope, body);
  } catch (error) {
    // Depop retries nothing we know of, but a 503 is the honest answer; reconciliation recovers orders anyway.
    log.warn("could not store a webhook event", { error: isStorageError(error) ? "storage" : error });
    return answer(503, { error: "unavailable" }, { "retry-after": "30" });
  }
  if (stored) {
    after(async () => {
      await processEvent(envelope.id).catch((error: unknown) => log.warn("event handling failed", { error }));
    });
  }
  return answer(200, { received: true, duplicate: !stored });
}

/** The body's bytes, at most MAX_WEBHOOK_BYTES (a declared or actual larger body is refused unread). */
async function readCapped(request: NextRequest): Promise<Buffer | "too_large" | "unreadable"> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_WEBHOOK_BYTES) return "too_large";
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_WEBHOOK_BYTES) {
        await reader.cancel().catch(() => undefined);
        return "too_large";
      }
      chunks.push(value);
    }
  } catch {
    return "unreadable";
  }
  return Buffer.concat(chunks, size);
}
