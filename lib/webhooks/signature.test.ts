import { describe, expect, it } from "vitest";
import {
  envelopePurchaseId,
  envelopeShopId,
  parseWebhookEnvelope,
  signWebhook,
  verifyWebhookSignature,
} from "./signature";

// Vectors computed independently: printf '%s' '<timestamp>.<body>' | openssl dgst -sha256 -hmac '<secret>'
const SECRET = "whsec_test_0123456789abcdef";
const TIMESTAMP = "1764547200";
const NOW = Number(TIMESTAMP) * 1000;
const MULTIBYTE =
  '{"id":"evt_1","event_type":"v1:order.new","created_at":"2026-12-01T00:00:00Z","data":{"seller_id":97082934,"note":"café ☕ 日本"}}';
const MULTIBYTE_SIGNATURE = "d707dee8c7a891c6e064907016ade4f7e5c69dfea8e4891c039fd83526f075b2";
const SIMPLE = '{"id":"evt_2"}';
const SIMPLE_SIGNATURE = "1e33044efcbcd96c89071914d791134c2c7ce5bdeb54a8c2a4964fd4fd424177";

const verify = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
  verifyWebhookSignature({
    secrets: [SECRET],
    timestamp: TIMESTAMP,
    signature: MULTIBYTE_SIGNATURE,
    body: Buffer.from(MULTIBYTE, "utf8"),
    now: NOW,
    ...overrides,
  });

describe("webhook signatures", () => {
  it("match the independently computed vectors, over the UTF-8 bytes of a multi-byte body", () => {
    expect(signWebhook(SECRET, TIMESTAMP, Buffer.from(MULTIBYTE, "utf8"))).toBe(MULTIBYTE_SIGNATURE);
    expect(signWebhook(SECRET, TIMESTAMP, SIMPLE)).toBe(SIMPLE_SIGNATURE);
    expect(verify({})).toEqual({ ok: true });
    expect(verify({ signature: MULTIBYTE_SIGNATURE.toUpperCase() })).toEqual({ ok: true });
  });

  it("fail for the same JSON re-serialised (the bytes differ, the data does not)", () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(MULTIBYTE), null, 1), "utf8");
    expect(verify({ body: reserialised })).toEqual({ ok: false, problem: "mismatch" });
    // Escaping the non-ASCII characters keeps the JSON equal and the bytes not.
    const escaped = Buffer.from(MULTIBYTE.replace("é", "\\u00e9"), "utf8");
    expect(JSON.parse(escaped.toString("utf8"))).toEqual(JSON.parse(MULTIBYTE));
    expect(verify({ body: escaped })).toEqual({ ok: false, problem: "mismatch" });
  });

  it("fail under another secret, with another timestamp, or with a truncated body", () => {
    expect(verify({ secrets: ["another-secret-0123456789"] })).toEqual({ ok: false, problem: "mismatch" });
    expect(verify({ timestamp: "1764547201", now: NOW })).toEqual({ ok: false, problem: "mismatch" });
    expect(verify({ body: Buffer.from(MULTIBYTE.slice(0, -1), "utf8") })).toEqual({ ok: false, problem: "mismatch" });
  });

  it("accept any secret of a `new,old` rotation", () => {
    expect(verify({ secrets: ["the-new-secret-0123456789", SECRET] })).toEqual({ ok: true });
    expect(verify({ secrets: [] })).toEqual({ ok: false, problem: "mismatch" });
  });

  it("refuse timestamps more than five minutes away, either way", () => {
    expect(verify({ now: NOW + 300_000 })).toEqual({ ok: true });
    expect(verify({ now: NOW + 301_000 })).toEqual({ ok: false, problem: "stale" });
    expect(verify({ now: NOW - 301_000 })).toEqual({ ok: false, problem: "stale" });
  });

  it("refuse missing or malformed headers before computing anything", () => {
    expect(verify({ signature: null })).toEqual({ ok: false, problem: "missing" });
    expect(verify({ timestamp: null })).toEqual({ ok: false, problem: "missing" });
    expect(verify({ timestamp: "1764547200.5" })).toEqual({ ok: false, problem: "malformed" });
    expect(verify({ signature: "sha256=abc" })).toEqual({ ok: false, problem: "malformed" });
    expect(verify({ signature: MULTIBYTE_SIGNATURE.slice(2) })).toEqual({ ok: false, problem: "malformed" });
  });
});

describe("webhook envelopes", () => {
  it("parse Depop's envelope and name its shop and order", () => {
    const order = parseWebhookEnvelope(Buffer.from(MULTIBYTE, "utf8"));
    expect(order?.event_type).toBe("v1:order.new");
    expect(order && envelopeShopId(order)).toBe("97082934");
    const refund = parseWebhookEnvelope(
      Buffer.from(
        '{"id":"evt_3","event_type":"v1:order.refund","created_at":"2026-12-01T10:00:00+01:00","data":{"purchase_id":"80000100","refunded_by":"buyer"}}',
      ),
    );
    expect(refund && envelopeShopId(refund)).toBeNull();
    expect(refund && envelopePurchaseId(refund)).toBe("80000100");
  });

  it("keep unknown event types (they are stored and acknowledged)", () => {
    const envelope = parseWebhookEnvelope(
      Buffer.from('{"id":"evt_4","event_type":"v2:shop.renamed","created_at":"2026-12-01T00:00:00Z","data":{}}'),
    );
    expect(envelope?.event_type).toBe("v2:shop.renamed");
  });

  it("refuse what is not the envelope", () => {
    for (const body of [
      "",
      "not json",
      "[]",
      '{"id":"evt_5","event_type":"v1:order.new","created_at":"2026-12-01T00:00:00Z"}',
      '{"id":"evt_5","event_type":"v1:order.new","created_at":"yesterday","data":{}}',
      '{"id":"evt 5","event_type":"v1:order.new","created_at":"2026-12-01T00:00:00Z","data":{}}',
      '{"id":"evt_5","event_type":"v1:order.new","created_at":"2026-12-01T00:00:00Z","data":[]}',
      `{"id":"${"x".repeat(201)}","event_type":"v1:order.new","created_at":"2026-12-01T00:00:00Z","data":{}}`,
    ]) {
      expect(parseWebhookEnvelope(Buffer.from(body)), body).toBeNull();
    }
  });
});
