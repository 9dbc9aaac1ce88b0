import { BENCH } from "./config";

export type Connected = {
  username: string;
  /** `depop_connect_session=…`, ready for a cookie header. */
  cookie: string;
  /** The callback's latency as this client saw it: request sent to response headers (a 303, no body). */
  callbackMs: number;
};

const TIMEOUT_MS = 30_000;
const SESSION_COOKIE = "depop_connect_session";

/** `name=value` of every Set-Cookie of a response (attributes dropped). */
function cookiesOf(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";", 1)[0] ?? "";
    const at = pair.indexOf("=");
    if (at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return cookies;
}

function redirectTarget(response: Response, step: string): string {
  const location = response.headers.get("location");
  if (response.status < 300 || response.status > 399 || !location) {
    throw new Error(`${step}: expected a redirect, got HTTP ${response.status}`);
  }
  return new URL(location, response.url).toString();
}

function send(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS), ...init });
}

/**
 * The real connect flow, as a seller makes it in a browser without JavaScript: the home page's Connect form
 * posted natively (the server action's no-JS path), the stub's consent form posted with the seller picked, the
 * callback followed with the transaction cookie, then the dashboard checked for the seller's name. It drives the same
 * server code as a browser does, in a fraction of a browser's own time per connect.
 */
export async function connectSellerOverHttp(username: string, appUrl = BENCH.appUrl): Promise<Connected> {
  const home = await send(`${appUrl}/`);
  const action = /name="(\$ACTION_ID_[^"]+)"/.exec(await home.text())?.[1];
  if (!action) throw new Error(`no Connect form on ${appUrl}/`);
  const form = new FormData();
  form.set(action, "");
  const started = await send(`${appUrl}/`, { method: "POST", body: form, headers: { origin: appUrl } });
  const authorizeUrl = redirectTarget(started, "Connect");
  const transaction = [...cookiesOf(started)].map(([name, value]) => `${name}=${value}`).join("; ");
  await started.body?.cancel();

  const consent = await send(authorizeUrl);
  const consentHtml = await consent.text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(consentHtml)?.[1];
  // The seller is picked by name, as on the page: the radio button whose label is the username.
  const sellerId = new RegExp(`name="seller_id" value="(\\d+)"[^>]*> <span>${username}</span>`).exec(consentHtml)?.[1];
  if (consent.status !== 200 || !requestId || !sellerId) {
    throw new Error(
      `consent page for ${username}: HTTP ${consent.status}, seller ${sellerId ? "listed" : "not listed"}`,
    );
  }
  const decision = new URLSearchParams({ request_id: requestId, seller_id: sellerId, decision: "grant" });
  for (const scope of consentHtml.matchAll(/name="scope" value="([^"]+)" checked/g)) {
    decision.append("scope", scope[1] ?? "");
  }
  const decided = await send(new URL("/settings/oauth/apps/decision", authorizeUrl).toString(), {
    method: "POST",
    body: decision,
    headers: { origin: new URL(authorizeUrl).origin },
  });
  const callbackUrl = redirectTarget(decided, "consent");
  await decided.body?.cancel();

  const sentAt = performance.now();
  const callback = await send(callbackUrl, { headers: { cookie: transaction } });
  const callbackMs = performance.now() - sentAt;
  const landing = redirectTarget(callback, "callback");
  await callback.body?.cancel();
  const session = cookiesOf(callback).get(SESSION_COOKIE);
  if (callback.status !== 303 || new URL(landing).pathname !== "/dashboard" || !session) {
    throw new Error(`callback for ${username}: HTTP ${callback.status} to ${new URL(landing).pathname}`);
  }
  const cookie = `${SESSION_COOKIE}=${session}`;
  const dashboard = await send(landing, { headers: { cookie } });
  const html = await dashboard.text();
  if (dashboard.status !== 200 || !new RegExp(`<h1[^>]*>@(?:<!-- -->)?${username}</h1>`).test(html)) {
    throw new Error(`dashboard for ${username}: HTTP ${dashboard.status}, heading not found`);
  }
  return { username, cookie, callbackMs };
}
