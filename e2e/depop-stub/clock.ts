/**
 * The stub's notion of "now". Every expiry check goes through it so tests can jump ahead in time
 * (POST /_stub/clock) instead of waiting an hour for an access token to lapse.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
  }

  offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
