import { describe, expect, it } from "vitest";
import { Pacer, PacerFullError, WINDOW_MS, writePacerFor } from "./pacer";

describe("the Depop request budget", () => {
  it("spaces calls evenly at perSecond, in order: never more than that in any second, and no burst", async () => {
    const pacer = new Pacer(20, 5_000);
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pacer.take().then(() => {
          times[i] = Date.now() - started;
        }),
      ),
    );
    // In order: a later caller never goes before an earlier one.
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // One timer tick of slack: a late timer can let two turns out together.
    for (const time of times) {
      expect(times.filter((other) => other >= time && other < time + 1000).length).toBeLessThanOrEqual(21);
    }
    // 50 calls at 20 a window, one every 55 ms: the last went out after about 2.7 s, not at once.
    expect(times[49]).toBeGreaterThanOrEqual(2600);
    expect(times.filter((time) => time < 100).length).toBeLessThanOrEqual(3);
  });

  it("holds turns a busy event loop made late: never more than perSecond leave in any window", async () => {
    const pacer = new Pacer(5, 10_000);
    const times: number[] = [];
    const calls = Array.from({ length: 12 }, () => pacer.take().then(() => times.push(Date.now())));
    // Then the event loop is busy for 700 ms: the turns due at 210, 420 and 630 ms all come due at once.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const busyUntil = Date.now() + 700;
    while (Date.now() < busyUntil) {
      // busy
    }
    await Promise.all(calls);
    expect(times).toHaveLength(12);
    // The pacer counts a turn from the moment it lets it go; the caller reads the clock a moment later, and on a
    // loaded machine that can be the next millisecond, so a window measured here is 10 ms shorter than the pacer's.
    // That still holds the pacer to 90 ms more than Depop's own second.
    const window = WINDOW_MS - 10;
    for (const time of times) {
      expect(times.filter((other) => other >= time && other < time + window).length).toBeLessThanOrEqual(5);
    }
  });

  it("refuses a caller whose wait would be longer than allowed, instead of hanging", async () => {
    const pacer = new Pacer(2, 1_100);
    // Turns at 0, 550 and 1100 ms are within the allowed wait; the next would be at 1650 ms.
    const accepted = Array.from({ length: 3 }, () => pacer.take());
    await expect(pacer.take()).rejects.toBeInstanceOf(PacerFullError);
    await Promise.all(accepted);
  });

  it("holds every call back after a 429 (pause), turns already handed out included", async () => {
    const pacer = new Pacer(20, 5_000);
    await pacer.take();
    const waiting = pacer.take();
    const paused = Date.now();
    pacer.pause(300);
    await waiting;
    expect(Date.now() - paused).toBeGreaterThanOrEqual(290);
  });

  it("the listing-write pacer never refuses: a bulk job waits its turn instead of failing an item", async () => {
    const writes = writePacerFor(1);
    // Ten turns at one a second: the last is ~9.5 s away, where the general pacer would have refused it.
    const turns = Promise.all(Array.from({ length: 10 }, () => writes.take()));
    const outcome = await Promise.race([
      turns.then(
        () => "all out",
        () => "refused",
      ),
      new Promise((resolve) => setTimeout(() => resolve("waiting its turn"), 200)),
    ]);
    expect(outcome).toBe("waiting its turn");
    expect(writePacerFor(1)).toBe(writes);
  });
});
