/**
 * A client-side budget for calls to Depop: at most `perSecond` requests in any rolling second, per process. Depop
 * limits an app as a whole (about 100 requests a second across all of its sellers, 20 for listing writes); a
 * caller over budget waits its turn, in order, rather than earning a 429 that pauses the seller. A wait longer than
 * `maxWaitMs` is refused: the page says Depop is busy instead of hanging.
 */
export class Pacer {
  private readonly sent: number[] = [];
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    readonly perSecond: number,
    private readonly maxWaitMs = 5_000,
  ) {}

  /** Resolves when this call may go out; rejects with PacerFullError when the queue is longer than allowed. */
  take(): Promise<void> {
    // The expected wait of a newcomer: everyone ahead of it, at perSecond a second.
    if (((this.waiting + 1) / this.perSecond) * 1000 > this.maxWaitMs + 1000) {
      return Promise.reject(new PacerFullError("the Depop request budget is exhausted for now"));
    }
    this.waiting++;
    const turn = this.tail.then(() => this.slot());
    this.tail = turn.catch(() => undefined);
    return turn.finally(() => {
      this.waiting--;
    });
  }

  private async slot(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - 1000) this.sent.shift();
      if (this.sent.length < this.perSecond) {
        this.sent.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, (this.sent[0] ?? now) + 1000 - now));
    }
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
