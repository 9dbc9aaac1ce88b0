/**
 * The budget for listing writes, which Depop counts apart from everything else: 20 a second for the whole app
 * (docs/depop-api.md, rate limits). Calls are spaced evenly like the general Pacer's, and on top of that no more than
 * `perSecond` go out in any sliding second (plus a small margin for the network): a timer that fires late must not
 * let the next call catch up and put one write too many into Depop's window. Unlike the general pacer it never
 * refuses: a bulk job would rather wait its turn than fail an item. `pause()` holds every write back after a 429.
 */
export class WritePacer {
  private next = 0;
  private pausedUntil = 0;
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perSecond: number,
    private readonly windowMs = 1000 + 50,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Resolves when this write may go out; callers are served in the order they asked. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Depop said 429: no write from this process for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - this.windowMs) this.sent.shift();
      const windowFree = this.sent.length < this.perSecond ? now : (this.sent[0] ?? now) + this.windowMs;
      const at = Math.max(now, this.next, this.pausedUntil, windowFree);
      if (at <= now) break;
      await this.sleep(at - now);
    }
    const sentAt = this.now();
    this.sent.push(sentAt);
    this.next = sentAt + 1000 / this.perSecond;
  }
}

const pacers = new Map<number, WritePacer>();

/** The process's write pacer: one for every seller and every kind of listing write. */
export function writePacerFor(perSecond: number): WritePacer {
  let pacer = pacers.get(perSecond);
  if (!pacer) {
    pacer = new WritePacer(perSecond);
    pacers.set(perSecond, pacer);
  }
  return pacer;
}
