import { randomBytes } from "node:crypto";
import { Clock } from "./clock";
import type { StubOptions } from "./config";
import { SellerDirectory } from "./data";
import { FaultQueue } from "./faults";
import { ImageCache } from "./images";
import { ListingStore } from "./listings";
import { OAuthStore } from "./oauth-store";
import { OrderStore } from "./orders";
import { RequestLog } from "./request-log";
import { WebhookSender } from "./webhooks";

/** Everything one running stub owns; handlers get it instead of reaching for module globals. */
export interface StubContext {
  options: StubOptions;
  clock: Clock;
  sellers: SellerDirectory;
  oauth: OAuthStore;
  faults: FaultQueue;
  log: RequestLog;
  images: ImageCache;
  orders: OrderStore;
  /** Listing writes laid over the generated products, active offers, and the write budget. */
  listings: ListingStore;
  webhooks: WebhookSender;
  /** Signs pagination cursors so forged or edited ones are refused. New per process. */
  cursorKey: Buffer;
  /** Public base URLs, known once both servers listen. */
  urls: { www: string; api: string };
}

export function createContext(options: StubOptions): StubContext {
  const clock = new Clock();
  const sellers = new SellerDirectory();
  return {
    options,
    clock,
    sellers,
    orders: new OrderStore(sellers, clock),
    listings: new ListingStore(),
    webhooks: new WebhookSender(clock, options.webhookUrl, options.webhookSecret),
    oauth: new OAuthStore(clock),
    faults: new FaultQueue(),
    log: new RequestLog(),
    images: new ImageCache(),
    cursorKey: randomBytes(32),
    urls: { www: "", api: "" },
  };
}
