import type { BrowserContext, Page } from "@playwright/test";
import { E2E } from "../env";
import { expect, SELLERS, test } from "../fixtures";
import { connectionCount, queryDatabase } from "../fixtures/database";
import {
  appCookie,
  beginConnect,
  callbackUrl,
  disconnectShop,
  grantButIntercept,
  setAppCookie,
} from "../fixtures/flows";

// ASVS V7 (session management): sessions are server-side records, revocable at once on every instance; the OAuth
// transaction is single-use on the server (RFC 9700 §4.5, §4.7); cookies cannot be shadowed.

const SESSION = "depop_connect_session";

async function dashboardOpens(context: BrowserContext, base = E2E.appUrl): Promise<boolean> {
  const response = await context.request.get(`${base}/dashboard`, { maxRedirects: 0 });
  return response.status() === 200;
}

async function connectIn(page: Page, seller: string) {
  await beginConnect(page);
  await page.getByRole("radio", { name: seller }).check();
  await page.getByRole("button", { name: "Grant access" }).click();
  await page.waitForURL(`${E2E.appUrl}/dashboard`);
}

test.describe("revocable sessions", () => {
  test("a cookie copied before Disconnect stays dead after the seller connects again", async ({
    page,
    context,
    browser,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    const copied = (await appCookie(context, SESSION))?.value ?? "";
    await disconnectShop(page);

    // Later the seller connects again, in the same browser: a new session, with a new cookie.
    await connectIn(page, "retro_rags");
    const fresh = (await appCookie(context, SESSION))?.value ?? "";
    expect(fresh).not.toBe(copied);

    const thief = await browser.newContext();
    await setAppCookie(thief, SESSION, copied);
    expect(await dashboardOpens(thief)).toBe(false);
    expect(await dashboardOpens(thief, E2E.secondAppUrl)).toBe(false);
    await thief.close();
    expect(await dashboardOpens(context)).toBe(true);
  });

  test("Disconnect in one browser ends the seller's sessions in every browser, on every instance", async ({
    page,
    browser,
    connectAs,
  }) => {
    const phone = await browser.newContext();
    const phonePage = await phone.newPage();
    await connectIn(phonePage, "vintage_vault");
    // Both instances have read (and remembered) the phone's cookie.
    expect(await dashboardOpens(phone)).toBe(true);
    expect(await dashboardOpens(phone, E2E.secondAppUrl)).toBe(true);

    await connectAs("vintage_vault", page);
    await disconnectShop(page);
    // Refused on the very next request, by both processes.
    expect(await dashboardOpens(phone, E2E.secondAppUrl)).toBe(false);
    expect(await dashboardOpens(phone)).toBe(false);
    await phone.close();
  });

  test("the connection page lists the signed-in browsers and signs out everywhere else", async ({
    page,
    context,
    browser,
    connectAs,
  }) => {
    const other = await browser.newContext({ userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/121.0" });
    await connectIn(await other.newPage(), "retro_rags");
    await connectAs("retro_rags");
    await page.goto("/dashboard/connection");
    const browsers = page.getByRole("list", { name: "Signed-in browsers" }).getByRole("listitem");
    // Earlier tests signed this seller in elsewhere too: at least these two, exactly one of them this browser.
    await expect(browsers.nth(1)).toBeVisible();
    await expect(browsers.filter({ hasText: "(this browser)" })).toHaveCount(1);
    await expect(browsers.filter({ hasText: "Firefox on Windows" })).toHaveCount(1);

    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Signed out everywhere else" })).toBeVisible();
    await expect(browsers).toHaveCount(1);
    expect(await dashboardOpens(other)).toBe(false);
    expect(await dashboardOpens(context)).toBe(true);
    await other.close();

    // And "Sign out" ends only this browser's session: the shop stays connected.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${E2E.appUrl}/?notice=signed-out`);
    expect(await dashboardOpens(context)).toBe(false);
    expect(await connectionCount(SELLERS.retro_rags.id)).toBe(1);
  });

  test("the database keeps only a hash of each session, never the cookie's secret", async ({ context, connectAs }) => {
    await connectAs("empty_closet");
    const cookie = (await appCookie(context, SESSION))?.value ?? "";
    const rows = await queryDatabase<{ id: string; browser: string }>(
      'SELECT s."id", s."browser" FROM "Session" s JOIN "Seller" x ON x."id" = s."sellerId" WHERE x."depopShopId" = ?',
      String(SELLERS.empty_closet.id),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.id).toMatch(/^[\w-]{43}$/);
      expect(cookie).not.toContain(row.id);
      // Playwright's Desktop Chrome says it is Chrome on Windows: the family only, no version, nothing else.
      expect(row.browser).toMatch(/^Chrome on (Windows|Linux)$/);
    }
  });

  test("two session cookies of one name in a request count as none: an attacker cannot pick which wins", async ({
    context,
    browser,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    const victim = (await appCookie(context, SESSION))?.value ?? "";
    const attacker = await browser.newContext();
    await connectIn(await attacker.newPage(), "empty_closet");
    const planted = (await appCookie(attacker, SESSION))?.value ?? "";
    await attacker.close();
    for (const cookie of [
      `${SESSION}=${planted}; ${SESSION}=${victim}`,
      `${SESSION}=${victim}; ${SESSION}=${planted}`,
    ]) {
      const response = await context.request.get("/dashboard", { headers: { cookie }, maxRedirects: 0 });
      expect(response.status()).toBe(307);
      expect(response.headers().location).toMatch(/\/$/);
    }
  });
});

test.describe("single-use OAuth transactions", () => {
  test("a used callback replayed with its old transaction cookie sends nothing to Depop; the connection stays", async ({
    page,
    context,
    browser,
    stub,
  }) => {
    await beginConnect(page);
    const transaction = (await appCookie(context, "depop_connect_tx"))?.value ?? "";
    const callback = await grantButIntercept(page, "retro_rags");
    await page.goto(callback.href);
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    expect(await stub.tokenRequests("authorization_code")).toHaveLength(1);

    // An attacker (or a confused browser) replays the URL with the cookie as it was before the callback.
    const replay = await browser.newContext();
    await setAppCookie(replay, "depop_connect_tx", transaction, "/api/depop/callback");
    const response = await replay.request.get(callback.href, { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toMatch(/\/\?error=expired$/);
    await replay.close();
    expect(await stub.tokenRequests("authorization_code")).toHaveLength(1);
    // Depop never saw the code twice, so the seller's fresh connection is still good.
    await page.reload();
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
  });

  test("200 callbacks with guessed codes against one transaction make at most one token request", async ({
    page,
    context,
    stub,
  }) => {
    const authorize = await beginConnect(page);
    const state = authorize.searchParams.get("state") ?? "";
    const transaction = (await appCookie(context, "depop_connect_tx"))?.value ?? "";
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        context.request.get(callbackUrl({ code: `guess-${i}`, state }), {
          headers: { cookie: `depop_connect_tx=${transaction}`, "x-forwarded-for": "203.0.113.200" },
          maxRedirects: 0,
        }),
      ),
    );
    expect(responses.every((response) => response.status() < 500)).toBe(true);
    expect((await stub.tokenRequests("authorization_code")).length).toBeLessThanOrEqual(1);
  });

  test("callbacks are rate-limited per client address: 429 with Retry-After, and no token request", async ({
    request,
    stub,
  }) => {
    const limit = Number(E2E.appEnv.CALLBACK_RATE_LIMIT);
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof request.get>> | undefined;
    for (let i = 0; i < limit + 5; i++) {
      const response = await request.get(callbackUrl({ code: `c${i}`, state: "s".repeat(43) }), {
        headers: { "x-forwarded-for": address },
        maxRedirects: 0,
      });
      statuses.push(response.status());
      if (response.status() === 429) limited ??= response;
    }
    expect(statuses.slice(0, limit).every((status) => status === 303)).toBe(true);
    expect(statuses.slice(limit)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(limited?.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await limited?.text()).toContain("Too many connection attempts");
    // Another address is not affected.
    const other = await request.get(callbackUrl({ code: "c", state: "s".repeat(43) }), {
      headers: { "x-forwarded-for": "192.0.2.77" },
      maxRedirects: 0,
    });
    expect(other.status()).toBe(303);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("HEAD on the callback is 405 and runs nothing", async ({ page, context, stub }) => {
    await beginConnect(page);
    const callback = await grantButIntercept(page, "retro_rags");
    const response = await context.request.head(callback.href, { maxRedirects: 0 });
    expect(response.status()).toBe(405);
    expect(response.headers().allow).toBe("GET");
    expect(await stub.tokenRequests()).toHaveLength(0);
    expect(await dashboardOpens(context)).toBe(false);
  });

  test("a signed-in seller who comes back through a stale attempt lands on the dashboard, no scary message", async ({
    page,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    await page.goBack(); // the stub's consent page, as after pressing Back
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    await page.getByRole("radio", { name: "retro_rags" }).check();
    await page.getByRole("button", { name: "Grant access" }).click();
    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  });
});
