import { type Browser, chromium } from "playwright";
import { CHROMIUM } from "../../e2e/env";
import { BENCH } from "./config";

export type Connected = {
  username: string;
  /** `depop_connect_session=…`, ready for a cookie header. */
  cookie: string;
  /** The callback's latency as the browser saw it: request sent to response headers (a 303, no body). */
  callbackMs: number;
};

export function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = CHROMIUM;
  return chromium.launch({ headless: true, args, ...(executablePath ? { executablePath } : {}) });
}

const TIMEOUT_MS = 30_000;

/**
 * The real flow, as a seller does it: Connect on the app's home page, pick the seller on the stub's consent page,
 * Grant access, land on the dashboard. Each seller gets a fresh browser context (its own cookies). `appUrl` says
 * which app servers (SQLite's or PostgreSQL's) the seller connects to.
 */
export async function connectSeller(browser: Browser, username: string, appUrl = BENCH.appUrl): Promise<Connected> {
  const context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT_MS);
  try {
    const page = await context.newPage();
    const isCallback = (url: string) => url.startsWith(`${appUrl}/api/depop/callback?`);
    let sentAt = Number.NaN;
    let answeredAt = Number.NaN;
    page.on("request", (request) => {
      if (isCallback(request.url())) sentAt = performance.now();
    });
    page.on("response", (response) => {
      if (isCallback(response.url())) answeredAt = performance.now();
    });

    await page.goto(`${appUrl}/`);
    await page.getByRole("button", { name: "Connect with Depop" }).click();
    await page.waitForURL(`${BENCH.stubWwwUrl}/settings/oauth/apps/**`);
    await page.getByRole("radio", { name: username, exact: true }).check();
    const callback = page.waitForResponse((response) => isCallback(response.url()));
    await page.getByRole("button", { name: "Grant access" }).click();
    const response = await callback;
    await page.waitForURL(`${appUrl}/dashboard`);
    const heading = (await page.getByRole("heading", { level: 1 }).textContent())?.trim();
    if (response.status() !== 303) throw new Error(`callback for ${username}: HTTP ${response.status()}`);
    if (heading !== `@${username}`) throw new Error(`dashboard for ${username} shows "${heading}"`);

    // Chromium's own timing of the request (ms from its start); the page events are the fallback.
    const timing = response.request().timing();
    const callbackMs =
      timing.requestStart >= 0 && timing.responseStart > timing.requestStart
        ? timing.responseStart - timing.requestStart
        : answeredAt - sentAt;

    const session = (await context.cookies(appUrl)).find((cookie) => cookie.name === "depop_connect_session");
    if (!session) throw new Error(`no session cookie after connecting ${username}`);
    return { username, cookie: `${session.name}=${session.value}`, callbackMs };
  } finally {
    await context.close();
  }
}
