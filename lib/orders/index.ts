/**
 * Orders and webhook events: `events` (storing each delivery once, handling it once, retries, dead letters),
 * `handlers` (the extension point), `store` (sealed orders), `reconcile` (the catch-up job), `retention`, `keys`.
 */
export { eventHealth, MAX_ATTEMPTS, processDueEvents, processEvent, storeEvent } from "./events";
export { type EventContext, type EventHandlers, handlers, PermanentEventError } from "./handlers";
export { reencryptStoredData } from "./keys";
export { type ReconcileReport, reconcile, reconcileSeller, syncIfStale } from "./reconcile";
export { purgeExpiredData } from "./retention";
export {
  countLikes,
  countPendingShipments,
  deleteSellerData,
  getStoredOrder,
  listStoredOrders,
  recordOrder,
  type StoredOrder,
} from "./store";
