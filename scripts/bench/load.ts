import autocannon from "autocannon";

/** What a dashboard must never show when things work (the app's error states). */
const ERROR_MARKERS = ["Depop is unavailable", "Something went wrong"];

export type LoadResult = {
  /** Latency (ms, whole body read) of every good response. */
  samples: number[];
  /** Responses that were not 200 or showed an error state. */
  bad: number;
  /** Connection errors, timeouts included. */
  errors: number;
  statuses: Record<string, number>;
  badExample: string | null;
  /** Requests written to the app, answered or not (a timed run ends with some in flight). */
  sent: number;
};

export type LoadOptions = {
  /** e.g. http://127.0.0.1:3300 */
  baseUrl: string;
  path: string;
  /** Cookie headers, used round robin, one per request. */
  cookies: readonly string[];
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  timeoutSeconds?: number;
  /** Sent as accept-encoding (as a browser does), so the app compresses; the body checks then see only the status. */
  acceptEncoding?: string;
  /** Requests a second across all connections (autocannon's overallRate); unset: as fast as answers come. */
  rate?: number;
};

export function describeBad(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status}`;
  const marker = ERROR_MARKERS.find((text) => body.includes(text));
  return marker ? `body shows "${marker}"` : null;
}

/** Several runs' results as one (their samples pooled, their problems added up). */
export function combineResults(results: readonly LoadResult[]): LoadResult {
  const combined: LoadResult = { samples: [], bad: 0, errors: 0, statuses: {}, badExample: null, sent: 0 };
  for (const result of results) {
    combined.samples.push(...result.samples);
    combined.bad += result.bad;
    combined.errors += result.errors;
    combined.sent += result.sent;
    combined.badExample ??= result.badExample;
    for (const [status, count] of Object.entries(result.statuses)) {
      combined.statuses[status] = (combined.statuses[status] ?? 0) + count;
    }
  }
  return combined;
}

/** Drives GET `path` with autocannon, rotating the session cookies over the requests. */
export function loadTest(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { samples: [], bad: 0, errors: 0, statuses: {}, badExample: null, sent: 0 };
  // onResponse runs right before the matching "response" event, synchronously: it says whether to keep the sample.
  let lastGood = false;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 5 }),
        timeout: options.timeoutSeconds ?? 30,
        ...(options.rate !== undefined ? { overallRate: options.rate } : {}),
        requests: [
          {
            method: "GET",
            path: options.path,
            setupRequest: (request) => {
              const cookie = options.cookies[result.sent++ % options.cookies.length] ?? "";
              const headers: Record<string, string> = { ...request.headers, cookie };
              if (options.acceptEncoding) headers["accept-encoding"] = options.acceptEncoding;
              return { ...request, headers };
            },
            onResponse: (status, body) => {
              result.statuses[String(status)] = (result.statuses[String(status)] ?? 0) + 1;
              const bad = describeBad(status, body);
              lastGood = bad === null;
              if (bad) {
                result.bad++;
                result.badExample ??= bad;
              }
            },
          },
        ],
      },
      (error, summary) => {
        if (error) reject(error);
        else resolve({ ...result, errors: summary.errors });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      if (lastGood) result.samples.push(responseTime);
    });
  });
}
