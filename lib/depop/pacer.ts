/**
 * A client-side budget for calls to Depop: at most `perSecond` requests a second, per process, spaced evenly (one
 * every 1000 / perSecond ms) so that no burst lands at Depop at once. Depop limits an app as a whole (about 100
 * requests a second across all of its sellers, 20 for listing writes); a caller over budget waits its turn, in
 * order, rather than earning a 429 that pauses the seller. A wait longer than `maxWaitMs` is refused: the page
 * says Depop is busy instead of hanging.
 */
export class Pacer {
  private next = 0;

  constructor(
    readonly perSecond: number,
    private readonly maxWaitMs = 5_000,
  ) {}

  /** Resolves when this call may go out; rejects with PacerFullError when its turn is too far away. */
  take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    if (at - now > this.maxWaitMs) {
      return Promise.reject(new PacerFullError("the Depop request budget is exhausted for now"));
    }
    // Turns are handed out as calls arrive, so callers go in order.
    this.next = at + 1000 / this.perSecond;
    return at <= now ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

export class PacerFullError extends Error {
  override name = "PacerFullError";
}

const pacers = new Map<number, Pacer>();

/**
 * The process's pacer for Depop's general budget, shared by every seller and every kind of call (token requests
 * included). Listing writes have a budget of their own at Depop (20 a second); they get their own pacer when the
 * app starts writing listings.
 */
export function pacerFor(perSecond: number): Pacer {
  let pacer = pacers.get(perSecond);
  if (!pacer) {
    pacer = new Pacer(perSecond);
    pacers.set(perSecond, pacer);
  }
  return pacer;
}
