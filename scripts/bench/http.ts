import { Agent, request } from "node:http";

export type HttpResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

export type HttpOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  agent?: Agent;
  timeoutMs?: number;
};

/** One HTTP/1.1 request with node:http (no redirects followed); resolves after the whole body is read. */
export function http(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = request(
      url,
      { method: options.method ?? "GET", headers, agent: options.agent, timeout: options.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${options.method ?? "GET"} ${url}`)));
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/**
 * A closed loop: `concurrency` workers each run `task` back to back for `durationMs` (after `warmup` unrecorded
 * rounds each) and record how long every round took. `task` returns false for a failed round (not recorded).
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  warmup: number,
  task: (round: number) => Promise<boolean>,
): Promise<{ samples: number[]; failures: number }> {
  const samples: number[] = [];
  let failures = 0;
  let round = 0;
  const worker = async (): Promise<void> => {
    for (let i = 0; i < warmup; i++) await task(round++).catch(() => false);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const deadline = performance.now() + durationMs;
  const measured = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const ok = await task(round++).catch(() => false);
      if (ok) samples.push(performance.now() - started);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, measured));
  return { samples, failures };
}
