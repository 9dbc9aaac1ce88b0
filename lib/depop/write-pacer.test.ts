import { describe, expect, it } from "vitest";
import { WritePacer } from "./write-pacer";

/** A pacer on a fake clock: sleeping moves the clock, and optionally oversleeps like a late timer. */
function fakePacer(perSecond: number, oversleep: (call: number) => number = () => 0) {
  let now = 0;
  let calls = 0;
  const pacer = new WritePacer(
    perSecond,
    1050,
    () => now,
    async (ms) => {
      now += ms + oversleep(calls++);
    },
  );
  return { pacer, now: () => now };
}

function mostInAnySecond(times: number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("the listing-write pacer", () => {
  it("spaces 60 writes evenly, 20 a second", async () => {
    const { pacer, now } = fakePacer(20);
    const sent: number[] = [];
    for (let i = 0; i < 60; i++) {
      await pacer.take();
      sent.push(now());
    }
    expect(sent.slice(0, 3)).toEqual([0, 50, 100]);
    expect(mostInAnySecond(sent)).toBeLessThanOrEqual(20);
  });

  it("never lets a late timer put a 21st write into one second", async () => {
    // Every third sleep fires 40 ms late, so the next turns would bunch up behind it.
    const { pacer, now } = fakePacer(20, (call) => (call % 3 === 0 ? 40 : 0));
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 80 }, async () => {
        await pacer.take();
        sent.push(now());
      }),
    );
    expect(sent).toHaveLength(80);
    expect(mostInAnySecond(sent)).toBeLessThanOrEqual(20);
  });

  it("holds every write back after a 429", async () => {
    const { pacer, now } = fakePacer(20);
    await pacer.take();
    pacer.pause(1000);
    await pacer.take();
    expect(now()).toBeGreaterThanOrEqual(1000);
  });
});
