import { apiErrorBody, oauthErrorBody } from "./errors";
import type { Endpoint } from "./routes";

export const FAULT_ENDPOINTS = [
  "token",
  "shop",
  "products",
  "product",
  "product_write",
  "orders",
  "order",
  "ship",
  "refund",
  "api",
] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export interface Fault {
  endpoint: FaultEndpoint;
  status?: number;
  body?: string;
  contentType?: string;
  delayMs: number;
  /**
   * Handles the request at once (a refresh token is retired, a code used up) and sends the answer this much later:
   * what a client sees when the answer is slow on the way back, or when it dies waiting for it.
   */
  answerAfterMs: number;
  /** Uses left; -1 means until DELETE /_stub/faults. */
  remaining: number;
  grantType?: "authorization_code" | "refresh_token";
  /** Only requests about this product (its id in a by-product-id path), e.g. "a 500 for product X, once". */
  productId?: number;
  headers: Record<string, string>;
}

/** Injected failures (outages, rate limits, slow answers) that tests queue up through the control API. */
export class FaultQueue {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** The first queued fault for this request, with one use consumed. */
  take(endpoint: Endpoint, grantType: string | undefined, productId?: number): Fault | undefined {
    const fault = this.faults.find((candidate) => {
      if (candidate.endpoint !== "api" && candidate.endpoint !== endpoint) return false;
      if (candidate.productId !== undefined && candidate.productId !== productId) return false;
      if (candidate.grantType !== undefined) return endpoint === "token" && candidate.grantType === grantType;
      return true;
    });
    if (!fault) return undefined;
    if (fault.remaining > 0) {
      fault.remaining -= 1;
      if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return fault;
  }
}

const GENERAL_ERRORS: Record<number, [string, string]> = {
  400: ["bad-request", "bad request"],
  401: ["unauthorized", "invalid api key"],
  403: ["insufficient_scope", "insufficient scope"],
  404: ["not_found", "not found"],
  429: ["too_many_requests", "rate limit exceeded"],
  500: ["internal_error", "internal server error"],
  502: ["unexpected_response", "unexpected response"],
  503: ["service_unavailable", "service unavailable"],
  504: ["gateway_timeout", "gateway timeout"],
};

/** What a fault answers when the test gave no body: whatever Depop itself would plausibly send. */
export function faultResponse(fault: Fault, endpoint: Endpoint, status: number): { contentType: string; body: string } {
  if (fault.body !== undefined) {
    let looksJson = true;
    try {
      JSON.parse(fault.body);
    } catch {
      looksJson = false;
    }
    return {
      contentType: fault.contentType ?? (looksJson ? "application/json" : "text/plain; charset=utf-8"),
      body: fault.body,
    };
  }
  const contentType = fault.contentType ?? "application/json";
  if (endpoint === "token" && status >= 500) {
    const body = oauthErrorBody(status, "server_error", "The authorization server encountered an unexpected condition");
    return { contentType, body: JSON.stringify(body) };
  }
  const [code, message] = GENERAL_ERRORS[status] ?? ["error", `error ${status}`];
  return { contentType, body: JSON.stringify(apiErrorBody(code, message)) };
}
