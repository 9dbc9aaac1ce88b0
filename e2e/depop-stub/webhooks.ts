import { createHmac, randomUUID } from "node:crypto";
import type { Clock } from "./clock";

/**
 * Webhook deliveries to the app (§13): the envelope `{id, event_type, created_at, data}`, signed with
 * `X-Depop-Timestamp` (unix seconds) and `X-Depop-Signature` (hex HMAC-SHA256 of `"<timestamp>.<raw body>"` under
 * the webhook secret). Delivery is best effort, as Depop says; tests choose how each one goes wrong.
 */

export const DELIVERY_MODES = [
  "normal",
  "drop",
  "duplicate",
  "delay",
  "reorder",
  "bad_signature",
  "stale_timestamp",
] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface WebhookEvent {
  id: string;
  event_type: string;
  created_at: string;
  data: Record<string, unknown>;
}

export interface DeliveryRecord {
  event_id: string;
  event_type: string;
  mode: DeliveryMode;
  /** The app's answers, one per attempt made (a dropped or held delivery has none yet; a duplicate has two). */
  statuses: number[];
  /** Network failure reaching the app (no answer at all). */
  failed: boolean;
}

const DELIVERY_LIMIT = 5000;

export class WebhookSender {
  readonly deliveries: DeliveryRecord[] = [];
  /** Deliveries held back by "reorder": they go out right after the next delivery. */
  private held: { event: WebhookEvent; record: DeliveryRecord }[] = [];
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly clock: Clock,
    private readonly url: string | undefined,
    private readonly secret: string | undefined,
  ) {}

  get configured(): boolean {
    return Boolean(this.url && this.secret);
  }

  makeEvent(eventType: string, data: Record<string, unknown>): WebhookEvent {
    return {
      id: `evt_${randomUUID()}`,
      event_type: eventType,
      created_at: new Date(this.clock.now()).toISOString(),
      data,
    };
  }

  /** Sends an event the way `mode` says; resolves once the app has answered (or the mode sends nothing now). */
  async deliver(event: WebhookEvent, mode: DeliveryMode = "normal", delayMs = 2000): Promise<DeliveryRecord> {
    const record: DeliveryRecord = {
      event_id: event.id,
      event_type: event.event_type,
      mode,
      statuses: [],
      failed: false,
    };
    this.deliveries.push(record);
    if (this.deliveries.length > DELIVERY_LIMIT) this.deliveries.splice(0, this.deliveries.length - DELIVERY_LIMIT);
    switch (mode) {
      case "drop":
        break;
      case "reorder":
        this.held.push({ event, record });
        break;
      case "delay": {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.send(event, record, "normal").catch(() => undefined);
        }, delayMs);
        this.timers.add(timer);
        break;
      }
      case "duplicate":
        await this.send(event, record, "normal");
        await this.send(event, record, "normal");
        await this.flush();
        break;
      default:
        await this.send(event, record, mode);
        await this.flush();
    }
    return record;
  }

  /** Sends every held delivery now (oldest first). */
  async flush(): Promise<number> {
    const held = this.held;
    this.held = [];
    for (const { event, record } of held) await this.send(event, record, "normal");
    return held.length;
  }

  reset(): void {
    this.deliveries.length = 0;
    this.held = [];
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async send(event: WebhookEvent, record: DeliveryRecord, mode: DeliveryMode): Promise<void> {
    if (!this.url || !this.secret) {
      record.failed = true;
      return;
    }
    const body = JSON.stringify(event);
    // Signed with the real time, not the stub clock: tests move that clock to expire tokens, not to age deliveries.
    const nowSeconds = Math.floor(Date.now() / 1000);
    const timestamp = String(mode === "stale_timestamp" ? nowSeconds - 600 : nowSeconds);
    const secret = mode === "bad_signature" ? `${this.secret}-not-the-secret` : this.secret;
    const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-depop-timestamp": timestamp,
          "x-depop-signature": signature,
          "user-agent": "Depop-Webhooks (stub)",
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.statuses.push(response.status);
    } catch {
      record.failed = true;
    }
  }
}
