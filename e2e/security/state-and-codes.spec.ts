import { E2E } from "../env";
import { expect, test } from "../fixtures";
import { connectionCount } from "../fixtures/database";
import { appCookie, beginConnect, callbackUrl, grantButIntercept } from "../fixtures/flows";

// RFC 9700 §2.1 / §4.7 (CSRF, login CSRF), RFC 6749 §10.12, RFC 7636 (PKCE), RFC 6749 §4.1.2 / §10.5 (codes).

test.describe("state, CSRF and login CSRF", () => {
  test("a callback without state makes no token request", async ({ page, stub }) => {
    await beginConnect(page);
    await page.goto(callbackUrl({ code: "stolen-code" }));
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=state_mismatch`);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("state is checked before error: a forged access_denied is reported as a mismatch", async ({ page, stub }) => {
    await beginConnect(page);
    await page.goto(callbackUrl({ error: "access_denied", state: "forged-state-value-000000000" }));
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=state_mismatch`);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("login CSRF: an attacker's own callback link does not connect the victim to the attacker's shop", async ({
    page: victim,
    browser,
    stub,
    connectAs,
  }) => {
    await connectAs("vintage_vault", victim);
    const attackerContext = await browser.newContext({ baseURL: E2E.appUrl });
    const attacker = await attackerContext.newPage();
    await beginConnect(attacker);
    const link = await grantButIntercept(attacker, "retro_rags");
    await attackerContext.close();

    await victim.goto(link.href);
    // Refused; a signed-in victim simply stays on (or lands on) their own dashboard.
    await expect(victim).toHaveURL(/\/(\?error=(state_mismatch|expired)|dashboard)$/);
    expect(await stub.tokenRequests("authorization_code")).toHaveLength(1); // the victim's own connect only
    await victim.goto("/dashboard");
    await expect(victim.getByRole("heading", { level: 1 })).toHaveText("@vintage_vault");
  });

  test("a state from another browser's transaction is refused", async ({ page, browser, stub }) => {
    const other = await browser.newContext({ baseURL: E2E.appUrl });
    const otherPage = await other.newPage();
    const otherAuthorize = await beginConnect(otherPage);
    await beginConnect(page);
    await page.goto(callbackUrl({ code: "some-code", state: otherAuthorize.searchParams.get("state") ?? "" }));
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=state_mismatch`);
    expect(await stub.tokenRequests()).toHaveLength(0);
    await other.close();
  });

  test("two tabs racing: the stale tab's callback is refused, clears the attempt, and nothing is exchanged", async ({
    context,
    stub,
  }) => {
    const first = await context.newPage();
    const second = await context.newPage();
    await beginConnect(first);
    await beginConnect(second); // replaces the first tab's transaction
    await first.getByRole("radio", { name: "retro_rags" }).check();
    await first.getByRole("button", { name: "Grant access" }).click();
    await expect(first).toHaveURL(`${E2E.appUrl}/?error=state_mismatch`);

    // Fail closed: the refused callback consumed the transaction, so the other tab must start again too.
    await second.getByRole("radio", { name: "retro_rags" }).check();
    await second.getByRole("button", { name: "Grant access" }).click();
    await expect(second).toHaveURL(`${E2E.appUrl}/?error=expired`);
    expect(await stub.tokenRequests()).toHaveLength(0);

    await beginConnect(second);
    await second.getByRole("radio", { name: "retro_rags" }).check();
    await second.getByRole("button", { name: "Grant access" }).click();
    await expect(second).toHaveURL(`${E2E.appUrl}/dashboard`);
    expect(await stub.tokenRequests("authorization_code")).toHaveLength(1);
  });

  test("the transaction is consumed by a failed callback: retrying with the right state is refused", async ({
    page,
    stub,
  }) => {
    const authorize = await beginConnect(page);
    await page.goto(callbackUrl({ code: "x", state: "wrong-state-value-0000000000" }));
    await page.goto(callbackUrl({ code: "x", state: authorize.searchParams.get("state") ?? "" }));
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=expired`);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });
});

test.describe("code injection and replay", () => {
  test("a code stolen from another flow fails PKCE in ours and stores nothing", async ({ page, browser, stub }) => {
    const seller = await stub.addSeller();
    const attackerContext = await browser.newContext({ baseURL: E2E.appUrl });
    const attacker = await attackerContext.newPage();
    await beginConnect(attacker);
    const stolen = await grantButIntercept(attacker, seller.username);
    await attackerContext.close();

    const victimAuthorize = await beginConnect(page);
    await page.goto(
      callbackUrl({
        code: stolen.searchParams.get("code") ?? "",
        state: victimAuthorize.searchParams.get("state") ?? "",
      }),
    );
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=exchange_failed`);
    const exchanges = await stub.tokenRequests("authorization_code");
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.status).toBe(400);
    expect(await connectionCount(seller.id)).toBe(0);
  });

  test("code and error together are refused without a token request", async ({ page, stub }) => {
    const authorize = await beginConnect(page);
    const response = await page.goto(
      callbackUrl({ code: "abc", error: "access_denied", state: authorize.searchParams.get("state") ?? "" }),
    );
    expect(response?.status()).toBe(400);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a duplicated code is refused, never first-wins", async ({ page, stub }) => {
    const authorize = await beginConnect(page);
    const state = authorize.searchParams.get("state") ?? "";
    const response = await page.goto(callbackUrl(`code=a&code=b&state=${state}`));
    expect(response?.status()).toBe(400);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a duplicated state is refused", async ({ page, stub }) => {
    const authorize = await beginConnect(page);
    const state = authorize.searchParams.get("state") ?? "";
    const response = await page.goto(callbackUrl(`code=a&state=${state}&state=${state}`));
    expect(response?.status()).toBe(400);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("an oversized code or state gets a fast 400 and clears the transaction", async ({ page, context, stub }) => {
    await beginConnect(page);
    expect((await page.goto(callbackUrl({ code: "c".repeat(5000), state: "s" })))?.status()).toBe(400);
    await beginConnect(page);
    expect((await page.goto(callbackUrl({ code: "c", state: "s".repeat(5000) })))?.status()).toBe(400);
    expect(await appCookie(context, "depop_connect_tx")).toBeUndefined();
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a replayed code (after a successful connect) mints nothing and the stub sees at most the one exchange", async ({
    page,
    browser,
    stub,
  }) => {
    await beginConnect(page);
    const link = await grantButIntercept(page, "retro_rags");
    await page.goto(link.href);
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard`);
    // The same link again, even from a browser with a fresh transaction of its own.
    const other = await browser.newContext({ baseURL: E2E.appUrl });
    const otherPage = await other.newPage();
    await beginConnect(otherPage);
    await otherPage.goto(link.href);
    await expect(otherPage).toHaveURL(`${E2E.appUrl}/?error=state_mismatch`);
    expect(await stub.tokenRequests("authorization_code")).toHaveLength(1);
    await other.close();
  });
});
