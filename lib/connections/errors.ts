/** The seller must go through Connect again: the grant is gone, or its tokens can no longer be read. */
export class ReconnectRequiredError extends Error {
  override name = "ReconnectRequiredError";
}

/** No stored connection for this seller (never connected, or disconnected). */
export class NotConnectedError extends Error {
  override name = "NotConnectedError";
}
