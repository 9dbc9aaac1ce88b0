// Row 12 of `npm run bench` (and runnable on its own): 1,000 signed webhook deliveries in a burst, 10% of
// them repeats of an earlier delivery, against a running app. Every event must be stored exactly once (the app
// answers `duplicate: true` for a repeat, from the one INSERT … ON CONFLICT DO NOTHING that stores it), and the
// acknowledgement latency is reported.
//
//   APP_URL=http://localhost:3000 DEPOP_WEBHOOK_SECRET=… [SHOP_ID=97082934] [CONCURRENCY=50] \
//     npx tsx scripts/bench/webhooks.ts
import { createHmac, randomUUID } from "node:crypto";
import { ms, type Summary, summarize } from "./stats";

export type BurstResult = {
  total: number;
  unique: number;
  answered: number;
  stored: number;
  latency: Summary;
  perSecond: number;
};

/**
 * 1,000 signed deliveries (by default), 10 % of them byte-identical repeats of an earlier one, `concurrency` at a
 * time: every delivery must be answered 200 and every event stored exactly once (the app says `duplicate: true`
 * for a repeat, from the one INSERT … ON CONFLICT DO NOTHING that stores it).
 */
export async function webhookBurst(options: {
  appUrl: string;
  secret: string;
  shopId: number;
  total?: number;
  concurrency?: number;
}): Promise<BurstResult> {
  const total = options.total ?? 1000;
  const concurrency = options.concurrency ?? 50;
  const unique = Math.round(total * 0.9);
  const events = Array.from({ length: unique }, (_, n) =>
    JSON.stringify({
      id: `evt_bench_${randomUUID()}`,
      event_type: n % 2 === 0 ? "v1:product.like" : "v1:product.unlike",
      created_at: new Date().toISOString(),
      data: { seller_id: options.shopId, product_id: 7208800 + (n % 47), sku: null, slug: `bench-${n}`, liker_id: n },
    }),
  );
  // The repeats: byte-identical deliveries of events sent earlier in the burst, shuffled in among the rest.
  const bodies = [...events];
  for (let n = 0; n < total - unique; n++) {
    const at = Math.floor(unique / 10) + Math.floor(Math.random() * (bodies.length - unique / 10));
    bodies.splice(at, 0, events[n * 9] ?? events[0] ?? "");
  }

  const send = async (body: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac("sha256", options.secret).update(`${timestamp}.${body}`).digest("hex");
    const started = performance.now();
    const response = await fetch(`${options.appUrl}/api/depop/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-depop-timestamp": timestamp, "x-depop-signature": signature },
      body,
    });
    const answer = (await response.json().catch(() => ({}))) as { duplicate?: boolean };
    return { ms: performance.now() - started, status: response.status, duplicate: answer.duplicate ?? null };
  };

  const results: Awaited<ReturnType<typeof send>>[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        if (body !== undefined) results.push(await send(body));
      }
    }),
  );
  const elapsed = performance.now() - started;
  const ok = results.filter((result) => result.status === 200);
  return {
    total,
    unique,
    answered: ok.length,
    stored: ok.filter((result) => result.duplicate === false).length,
    latency: summarize(results.map((result) => result.ms)),
    perSecond: total / (elapsed / 1000),
  };
}

export function describeBurst(result: BurstResult): string {
  return (
    `${result.answered}/${result.total} answered 200; ${result.stored} stored (expected ${result.unique}); ` +
    `ack median ${ms(result.latency.median)}, p95 ${ms(result.latency.p95)}, p99 ${ms(result.latency.p99)}; ` +
    `${result.perSecond.toFixed(0)} deliveries/s`
  );
}

// Run by hand against any running app:
//   APP_URL=http://localhost:3000 DEPOP_WEBHOOK_SECRET=… [SHOP_ID=97082934] [CONCURRENCY=50] npx tsx scripts/bench/webhooks.ts
if (process.argv[1]?.endsWith("webhooks.ts")) {
  const secret = process.env.DEPOP_WEBHOOK_SECRET ?? "";
  if (!secret) throw new Error("DEPOP_WEBHOOK_SECRET is required");
  webhookBurst({
    appUrl: process.env.APP_URL ?? "http://localhost:3000",
    secret,
    shopId: Number(process.env.SHOP_ID ?? 97082934),
    total: Number(process.env.DELIVERIES ?? 1000),
    concurrency: Number(process.env.CONCURRENCY ?? 50),
  }).then((result) => {
    console.log(describeBurst(result));
    if (result.answered !== result.total || result.stored !== result.unique) process.exitCode = 1;
  });
}
