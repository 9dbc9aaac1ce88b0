import { describe, expect, it } from "vitest";
import { Pacer, PacerFullError } from "./pacer";

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
    // 50 calls at 20 a second, one every 50 ms: the last went out after about 2.45 s, not at once.
    expect(times[49]).toBeGreaterThanOrEqual(2400);
    expect(times.filter((time) => time < 100).length).toBeLessThanOrEqual(3);
  });

  it("refuses a caller whose wait would be longer than allowed, instead of hanging", async () => {
    const pacer = new Pacer(2, 1_000);
    // Turns at 0, 500 and 1000 ms are within the allowed second of waiting; the next would be at 1500 ms.
    const accepted = Array.from({ length: 3 }, () => pacer.take());
    await expect(pacer.take()).rejects.toBeInstanceOf(PacerFullError);
    await Promise.all(accepted);
  });
});
