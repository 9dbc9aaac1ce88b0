// A benchmark row of its own (not part of `npm run bench` yet): 1,000 signed webhook deliveries in a burst, 10% of
// them repeats of an earlier delivery, against a running app. Every event must be stored exactly once (the app
// answers `duplicate: true` for a repeat, from the one INSERT … ON CONFLICT DO NOTHING that stores it), and the
// acknowledgement latency is reported.
//
//   APP_URL=http://localhost:3000 DEPOP_WEBHOOK_SECRET=… [SHOP_ID=97082934] [CONCURRENCY=50] \
//     npx tsx scripts/bench/webhooks.ts
import { createHmac, randomUUID } from "node:crypto";
import { ms, summarize } from "./stats";

const appUrl = process.env.APP_URL ?? "http://localhost:3000";
const secret = process.env.DEPOP_WEBHOOK_SECRET ?? "";
const shopId = Number(process.env.SHOP_ID ?? 97082934);
const total = Number(process.env.DELIVERIES ?? 1000);
const concurrency = Number(process.env.CONCURRENCY ?? 50);
if (!secret) throw new Error("DEPOP_WEBHOOK_SECRET is required");

const unique = Math.round(total * 0.9);
const events = Array.from({ length: unique }, (_, n) =>
  JSON.stringify({
    id: `evt_bench_${randomUUID()}`,
    event_type: n % 2 === 0 ? "v1:product.like" : "v1:product.unlike",
    created_at: new Date().toISOString(),
    data: { seller_id: shopId, product_id: 7208800 + (n % 47), sku: null, slug: `bench-${n}`, liker_id: n },
  }),
);
// The repeats: byte-identical deliveries of events sent earlier in the burst, shuffled in among the rest.
const bodies = [...events];
for (let n = 0; n < total - unique; n++) {
  const at = Math.floor(unique / 10) + Math.floor(Math.random() * (bodies.length - unique / 10));
  bodies.splice(at, 0, events[n * 9] ?? events[0] ?? "");
}

async function send(body: string): Promise<{ ms: number; status: number; duplicate: boolean | null }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  const started = performance.now();
  const response = await fetch(`${appUrl}/api/depop/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-depop-timestamp": timestamp, "x-depop-signature": signature },
    body,
  });
  const answer = (await response.json().catch(() => ({}))) as { duplicate?: boolean };
  return { ms: performance.now() - started, status: response.status, duplicate: answer.duplicate ?? null };
}

async function main() {
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
  const stored = ok.filter((result) => result.duplicate === false).length;
  const latency = summarize(results.map((result) => result.ms));
  console.log(
    `| webhook burst: ${total} deliveries (${total - unique} repeats), ${concurrency} at a time | ` +
      `${ok.length}/${total} answered 200; ${stored} stored (expected ${unique}); ` +
      `ack median ${ms(latency.median)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}; ` +
      `${(total / (elapsed / 1000)).toFixed(0)} deliveries/s |`,
  );
  if (ok.length !== total || stored !== unique) process.exitCode = 1;
}

main();
