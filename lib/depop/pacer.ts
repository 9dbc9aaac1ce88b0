/**
 * A client-side budget for calls to Depop: at most `perSecond` requests a second, per process. Depop limits an app as
 * a whole (about 100 requests a second across all of its sellers, 20 for listing writes); a caller over budget waits
 * its turn, in order, rather than earning a 429 that pauses the seller. A wait longer than `maxWaitMs` is refused:
 * the page says Depop is busy instead of hanging.
 *
 * Two rules, both by the time a call actually goes out:
 * - turns are spaced evenly, one every WINDOW_MS / perSecond, so no burst lands at Depop at once;
 * - no more than `perSecond` calls leave in any WINDOW_MS. A busy event loop fires timers late, and late turns would
 *   otherwise go out back to back; this holds them.
 * WINDOW_MS is a second and a tenth: Depop counts calls as they arrive, and the way there (a loaded machine, the
 * network) can squeeze calls sent a second apart into less than one. The margin costs 9 % of the budget.
 *
 * Listing writes have a pacer of their own (`writePacerFor`): it never refuses (a bulk job would rather wait its
 * turn than fail an item), and `pause()` holds every write back after Depop answers one with a 429.
 */
export class Pacer {
  private next = 0;
  private pausedUntil = 0;
  /** When the last `perSecond` calls went out (a ring, oldest at `oldest`). */
  private readonly sent: number[] = [];
  private oldest = 0;
  private readonly spacingMs: number;

  constructor(
    readonly perSecond: number,
    private readonly maxWaitMs = 5_000,
  ) {
    this.spacingMs = WINDOW_MS / perSecond;
  }

  /** Resolves when this call may go out; rejects with PacerFullError when its turn is too far away. */
  take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next, this.pausedUntil, this.windowOpensAt());
    if (at - now > this.maxWaitMs) {
      return Promise.reject(new PacerFullError("the Depop request budget is exhausted for now"));
    }
    // Turns are handed out as calls arrive, so callers go in order.
    this.next = at + this.spacingMs;
    if (at <= now) {
      this.record(now);
      return Promise.resolve();
    }
    return new Promise((resolve) => setTimeout(() => this.release(resolve), at - now));
  }

  /** Depop answered 429: nothing leaves this pacer for `ms` (turns already handed out wait too). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** A turn whose timer fired: it goes now, unless the calls of the last window are out or the pacer is paused. */
  private release(resolve: () => void): void {
    const now = Date.now();
    const opens = Math.max(this.windowOpensAt(), this.pausedUntil);
    if (opens > now) {
      setTimeout(() => this.release(resolve), opens - now);
      return;
    }
    this.record(now);
    resolve();
  }

  /** The moment another call may leave without `perSecond` calls in one window. */
  private windowOpensAt(): number {
    return this.sent.length < this.perSecond ? 0 : (this.sent[this.oldest] ?? 0) + WINDOW_MS;
  }

  private record(time: number): void {
    if (this.sent.length < this.perSecond) {
      this.sent.push(time);
      return;
    }
    this.sent[this.oldest] = time;
    this.oldest = (this.oldest + 1) % this.perSecond;
  }
}

/** The span a budget of `perSecond` is counted over: a second, plus a margin for calls squeezed on the way. */
export const WINDOW_MS = 1100;

export class PacerFullError extends Error {
  override name = "PacerFullError";
}

const pacers = new Map<string, Pacer>();

function shared(key: string, create: () => Pacer): Pacer {
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = create();
    pacers.set(key, pacer);
  }
  return pacer;
}

/**
 * The process's pacer for Depop's general budget, shared by every seller and every kind of call but listing writes
 * (token requests included).
 */
export function pacerFor(perSecond: number): Pacer {
  return shared(`general/${perSecond}`, () => new Pacer(perSecond));
}

/** The process's pacer for listing writes, which Depop counts apart (20 a second for the app): it never refuses. */
export function writePacerFor(perSecond: number): Pacer {
  return shared(`writes/${perSecond}`, () => new Pacer(perSecond, Number.POSITIVE_INFINITY));
}
