import { createHash, randomBytes } from "node:crypto";
import type { Agent } from "node:http";
import { BENCH } from "./config";
import { http } from "./http";

/** The stub's control API (`/_stub/`) and the upstream calls the baselines time. */

export type StubSeller = { id: number; username: string; product_count: number; api_key: string };

export type StubRequest = {
  seq: number;
  /** When the request arrived (ISO, ms precision). */
  at: string;
  /** "api" (the app's and the baselines' calls) or "www" (the browser's consent pages). */
  origin: string;
  endpoint: string;
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  status: number;
};

async function control(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const response = await http(`${BENCH.stubApiUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300) throw new Error(`stub ${method} ${path}: HTTP ${response.status} ${response.body}`);
  return response.status === 204 ? undefined : JSON.parse(response.body);
}

export async function addSeller(id: number, username: string, productCount: number): Promise<void> {
  await control("POST", "/_stub/sellers", { id, username, country_code: "GB", product_count: productCount });
}

export async function listSellers(): Promise<StubSeller[]> {
  return (await control("GET", "/_stub/sellers")) as StubSeller[];
}

export async function expireAccessTokens(sellerId: number): Promise<number> {
  const result = (await control("POST", "/_stub/expire-access-tokens", { seller_id: sellerId })) as { expired: number };
  return result.expired;
}

export async function requestsSince(seq: number): Promise<StubRequest[]> {
  const result = (await control("GET", `/_stub/requests?since=${seq}`)) as { requests: StubRequest[] };
  return result.requests;
}

/** The newest log sequence number: later requests have a higher one. */
export async function latestSeq(): Promise<number> {
  // A logged, latency-free-enough marker request, so the log is never empty.
  await http(`${BENCH.stubApiUrl}/status`);
  const all = await requestsSince(0);
  return all.reduce((max, entry) => Math.max(max, entry.seq), 0);
}

/** The dashboard's upstream work: its one Depop call, the first products page. */
export async function productsCall(agent: Agent, apiKey: string, productsQuery: string): Promise<boolean> {
  const headers = { authorization: `Bearer ${apiKey}`, accept: "application/json" };
  const products = await http(`${BENCH.stubApiUrl}/api/v1/products/?${productsQuery}`, { headers, agent });
  return products.status === 200;
}

/** The logged requests that are calls to Depop's API (what the app spends its rate limit on), not the log's own. */
export function depopCalls(entries: readonly StubRequest[]): StubRequest[] {
  return entries.filter(
    (entry) => entry.origin === "api" && entry.endpoint !== "status" && entry.endpoint !== "control",
  );
}

/** The most calls that arrived within any one second (a sliding window over their arrival times). */
export function busiestSecond(entries: readonly StubRequest[]): number {
  const times = entries.map((entry) => Date.parse(entry.at)).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** "products ×300, shop ×2": the calls by endpoint. */
export function byEndpoint(entries: readonly StubRequest[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.endpoint, (counts.get(entry.endpoint) ?? 0) + 1);
  return [...counts].map(([endpoint, count]) => `${endpoint} ×${count}`).join(", ") || "none";
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

/** A fresh authorization code for `sellerId`, through the consent page over plain HTTP. */
async function authorizationCode(agent: Agent, sellerId: number): Promise<{ code: string; verifier: string }> {
  const verifier = base64url(randomBytes(32));
  const authorize = new URL(`${BENCH.stubWwwUrl}/settings/oauth/apps/`);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: BENCH.clientId,
    redirect_uri: BENCH.redirectUri,
    state: base64url(randomBytes(32)),
    scope: BENCH.scopes.join(" "),
    code_challenge: base64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
  }).toString();
  const page = await http(authorize.href, { agent });
  const requestId = /name="request_id" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.status !== 200 || !requestId) throw new Error(`consent page: HTTP ${page.status}, no request_id`);
  const form = new URLSearchParams({ request_id: requestId, seller_id: String(sellerId) });
  for (const scope of BENCH.scopes) form.append("scope", scope);
  form.append("decision", "grant");
  const decision = await http(`${BENCH.stubWwwUrl}/settings/oauth/apps/decision`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    agent,
  });
  const location = decision.headers.location;
  const code = typeof location === "string" ? new URL(location).searchParams.get("code") : null;
  if (!code) throw new Error(`consent decision: HTTP ${decision.status}, no code`);
  return { code, verifier };
}

/**
 * The callback's upstream work, timed: the code exchange, then `GET /api/v1/shop/`, one after the other.
 * Getting the code (consent page and decision) is not timed.
 */
export async function timedTokenAndShop(agent: Agent, sellerId: number): Promise<number> {
  const { code, verifier } = await authorizationCode(agent, sellerId);
  const started = performance.now();
  const token = await http(`${BENCH.stubApiUrl}/api/v1/oauth2/access-token/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: BENCH.redirectUri,
      client_id: BENCH.clientId,
      client_secret: BENCH.clientSecret,
      code_verifier: verifier,
    }).toString(),
    agent,
  });
  const accessToken = token.status === 200 ? (JSON.parse(token.body) as { access_token?: string }).access_token : null;
  if (!accessToken) throw new Error(`token exchange: HTTP ${token.status}`);
  const shop = await http(`${BENCH.stubApiUrl}/api/v1/shop/`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    agent,
  });
  if (shop.status !== 200) throw new Error(`shop: HTTP ${shop.status}`);
  return performance.now() - started;
}
