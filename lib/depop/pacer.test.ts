import { describe, expect, it } from "vitest";
import { Pacer, PacerFullError } from "./pacer";

describe("the Depop request budget", () => {
  it("lets at most perSecond calls out in any rolling second, in order, and queues the rest briefly", async () => {
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
    for (const time of times) {
      expect(times.filter((other) => other >= time && other < time + 1000).length).toBeLessThanOrEqual(20);
    }
    // 50 calls at 20 a second: the last went out after about two seconds, not at once.
    expect(times[49]).toBeGreaterThanOrEqual(1900);
  });

  it("refuses a caller whose wait would be longer than allowed, instead of hanging", async () => {
    const pacer = new Pacer(2, 1_000);
    const accepted = Array.from({ length: 4 }, () => pacer.take());
    await expect(pacer.take()).rejects.toBeInstanceOf(PacerFullError);
    await Promise.all(accepted);
  });
});
