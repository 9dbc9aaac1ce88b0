/**
 * Seller connections: the only code that stores, reads or renews Depop tokens. Split by job: `connect` (the OAuth
 * flow's ends), `tokens` (use and renewal, the refresh lease), `store` (sealing and reading the row), `keys`
 * (re-encryption after a key rotation), `events` (the activity log), `identity` (the shop's name).
 */
export { type ConnectionResult, checkCallback, completeConnection, disconnect, startConnection } from "./connect";
export { NotConnectedError, ReconnectRequiredError } from "./errors";
export { type EventKind, listEvents } from "./events";
export { refreshShopIdentity } from "./identity";
export { reencryptConnections } from "./keys";
export { getSellerConnection, type SellerConnection } from "./store";
export { type EarlyCall, getAccessToken, startEarly, withAccessToken } from "./tokens";
