import { randomBytes } from "node:crypto";
import { BENCH } from "./config";
import { type HttpResponse, http, keepAliveAgent } from "./http";

export type Connected = {
  username: string;
  /** `depop_connect_session=…`, ready for a cookie header. */
  cookie: string;
  /** The callback's latency as this client saw it: request sent to response headers (a 303, no body). */
  callbackMs: number;
};

const SESSION_COOKIE = "depop_connect_session";
/** Kept-alive connections, as a browser keeps them (and as the callback row's baseline is timed). */
const agent = keepAliveAgent(4);

/** `name=value` of every Set-Cookie of a response (attributes dropped). */
function cookiesOf(response: HttpResponse): Map<string, string> {
  const cookies = new Map<string, string>();
  const lines = response.headers["set-cookie"] ?? [];
  for (const line of Array.isArray(lines) ? lines : [lines]) {
    const pair = line.split(";", 1)[0] ?? "";
    const at = pair.indexOf("=");
    if (at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return cookies;
}

function redirectTarget(response: HttpResponse, from: string, step: string): URL {
  const location = response.headers.location;
  if (response.status < 300 || response.status > 399 || typeof location !== "string") {
    throw new Error(`${step}: expected a redirect, got HTTP ${response.status}`);
  }
  return new URL(location, from);
}

async function send(step: string, url: string, options: Parameters<typeof http>[1] = {}): Promise<HttpResponse> {
  try {
    return await http(url, { agent, ...options });
  } catch (error) {
    throw new Error(`${step}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The real connect flow, as a seller makes it in a browser without JavaScript: the home page's Connect form posted
 * natively (the server action's no-JavaScript path), the stub's consent form posted with the seller picked by name,
 * the callback followed with the transaction cookie, then the dashboard checked for the seller's name. It drives the
 * same server code as a browser does, in a fraction of a browser's own time per connect.
 */
export async function connectSellerOverHttp(username: string, appUrl = BENCH.appUrl): Promise<Connected> {
  const name = escapeRegExp(username);
  const home = await send("home page", `${appUrl}/`);
  const action = /name="(\$ACTION_ID_[^"]+)"/.exec(home.body)?.[1];
  if (home.status !== 200 || !action) throw new Error(`home page: HTTP ${home.status}, no Connect form`);
  const boundary = `----bench${randomBytes(8).toString("hex")}`;
  const started = await send("Connect", `${appUrl}/`, {
    method: "POST",
    headers: { origin: appUrl, "content-type": `multipart/form-data; boundary=${boundary}` },
    body: `--${boundary}\r\nContent-Disposition: form-data; name="${action}"\r\n\r\n\r\n--${boundary}--\r\n`,
  });
  const authorizeUrl = redirectTarget(started, appUrl, "Connect");
  const transaction = [...cookiesOf(started)].map(([key, value]) => `${key}=${value}`).join("; ");
  if (!transaction) throw new Error("Connect: no transaction cookie");

  const consent = await send("consent page", authorizeUrl.toString());
  const requestId = /name="request_id" value="([^"]+)"/.exec(consent.body)?.[1];
  const sellerId = new RegExp(`name="seller_id" value="(\\d+)"[^>]*> <span>${name}</span>`).exec(consent.body)?.[1];
  const scopes = [...consent.body.matchAll(/name="scope" value="([^"]+)" checked/g)].map((match) => match[1] ?? "");
  if (consent.status !== 200 || !requestId || !sellerId || scopes.length === 0) {
    throw new Error(`consent page for ${username}: HTTP ${consent.status}, seller ${sellerId ? "" : "not "}listed`);
  }
  const decision = new URLSearchParams({ request_id: requestId, seller_id: sellerId, decision: "grant" });
  for (const scope of scopes) decision.append("scope", scope);
  const decisionUrl = new URL("/settings/oauth/apps/decision", authorizeUrl).toString();
  const decided = await send("consent", decisionUrl, {
    method: "POST",
    headers: { origin: authorizeUrl.origin, "content-type": "application/x-www-form-urlencoded" },
    body: decision.toString(),
  });
  const callbackUrl = redirectTarget(decided, decisionUrl, "consent").toString();

  const sentAt = performance.now();
  const callback = await send("callback", callbackUrl, { headers: { cookie: transaction } });
  const callbackMs = performance.now() - sentAt;
  const landing = redirectTarget(callback, callbackUrl, "callback");
  const session = cookiesOf(callback).get(SESSION_COOKIE);
  if (callback.status !== 303 || landing.pathname !== "/dashboard" || !session) {
    throw new Error(`callback for ${username}: HTTP ${callback.status} to ${landing.pathname}${landing.search}`);
  }
  const cookie = `${SESSION_COOKIE}=${session}`;
  const dashboard = await send("dashboard", landing.toString(), { headers: { cookie } });
  if (dashboard.status !== 200 || !new RegExp(`<h1[^>]*>@(?:<!-- -->)?${name}</h1>`).test(dashboard.body)) {
    throw new Error(`dashboard for ${username}: HTTP ${dashboard.status}, @${username} not shown`);
  }
  return { username, cookie, callbackMs };
}
