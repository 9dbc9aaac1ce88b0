import type { Endpoint, Origin } from "./routes";

export interface LoggedRequest {
  seq: number;
  at: string;
  origin: Origin;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Token endpoint body fields, verbatim (tests scan them); empty for every other request. */
  form: Record<string, string>;
  /** The bearer token, the raw header if it is not a bearer one, or null. */
  authorization: string | null;
  status: number;
  endpoint: Endpoint;
}

/** Keeps the newest entries only, so a long benchmark cannot exhaust memory. */
const LOG_LIMIT = 20_000;

/** What tests read back through GET /_stub/requests to check how the app talked to "Depop". */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  // Never reset, so a `since` taken before POST /_stub/reset cannot hide newer requests.
  private seq = 0;

  add(entry: Omit<LoggedRequest, "seq">): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...entry });
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
  }

  since(seq: number): LoggedRequest[] {
    return this.entries.filter((entry) => entry.seq > seq);
  }

  clear(): void {
    this.entries = [];
  }
}
