import { E2E } from "./env";
import { expect, SELLERS, test } from "./fixtures";

test.describe("connecting a Depop shop", () => {
  test("a seller connects, grants access and sees their shop and products", async ({ page, context, stub }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Connect with Depop" }).click();

    // Depop's consent page lives on another origin, and the request carries everything Depop requires.
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get("response_type")).toBe("code");
    expect(authorize.searchParams.get("client_id")).toBe(E2E.appEnv.DEPOP_CLIENT_ID);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${E2E.appUrl}/api/depop/callback`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("state")?.length).toBeGreaterThanOrEqual(22);
    expect(authorize.search).toContain("scope=shop_read%2Bproducts_read");

    // The transaction cookie is sealed, HttpOnly, Lax and only sent to the callback.
    const transaction = (await context.cookies(`${E2E.appUrl}/api/depop/callback`)).find(
      (cookie) => cookie.name === "depop_connect_tx",
    );
    expect(transaction).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/depop/callback" });
    expect(transaction?.value).not.toContain(authorize.searchParams.get("state") ?? "-");
    expect(transaction?.expires).toBeLessThanOrEqual(Date.now() / 1000 + 600 + 5);

    await page.getByRole("radio", { name: "vintage_vault" }).check();
    await page.getByRole("button", { name: "Grant access" }).click();

    await page.waitForURL(`${E2E.appUrl}/dashboard`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("@vintage_vault");
    const products = page.getByRole("list", { name: "Products" }).getByRole("listitem");
    await expect(products).toHaveCount(24);
    await expect(products.first().locator("img")).toHaveJSProperty("complete", true);
    await expect(products.first()).toContainText(/£\d/);

    // One code exchange, form-encoded, with the secret in the body, the verifier and the same redirect_uri.
    const exchanges = await stub.tokenRequests("authorization_code");
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.form).toMatchObject({
      client_id: E2E.appEnv.DEPOP_CLIENT_ID,
      client_secret: E2E.appEnv.DEPOP_CLIENT_SECRET,
      redirect_uri: `${E2E.appUrl}/api/depop/callback`,
    });
    expect(exchanges[0]?.form.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(exchanges[0]?.status).toBe(200);

    // The transaction is gone; the session cookie holds no token.
    const cookies = await context.cookies(`${E2E.appUrl}/api/depop/callback`);
    expect(cookies.find((cookie) => cookie.name === "depop_connect_tx")).toBeUndefined();
    const session = cookies.find((cookie) => cookie.name === "depop_connect_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    const issued = await stub.issued();
    for (const token of [...issued.access_tokens, ...issued.refresh_tokens]) {
      expect(session?.value).not.toContain(token);
      expect(await page.content()).not.toContain(token);
    }
  });

  test("a seller who denies access comes back to a friendly message and nothing is exchanged", async ({
    page,
    stub,
  }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Connect with Depop" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);
    await page.getByRole("button", { name: "Deny" }).click();

    await page.waitForURL(`${E2E.appUrl}/?error=denied`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("You declined the connection");
    await expect(page.getByRole("button", { name: "Connect again" })).toBeVisible();
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a callback whose state does not match this browser's makes no token request", async ({ page, stub }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Connect with Depop" }).click();
    await page.waitForURL(`${E2E.stubWwwUrl}/settings/oauth/apps/**`);

    await page.goto(`/api/depop/callback?code=attacker-code&state=${"A".repeat(43)}`);
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=state_mismatch`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("did not match");
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a callback in a browser that never started a connection makes no token request", async ({ page, stub }) => {
    await page.goto(`/api/depop/callback?code=some-code&state=${"B".repeat(43)}`);
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=expired`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("expired");
    await expect(page.getByRole("button", { name: "Connect again" })).toBeVisible();
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a replayed callback mints no new tokens", async ({ page, stub, connectAs }) => {
    const callbacks: string[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith(`${E2E.appUrl}/api/depop/callback`)) callbacks.push(request.url());
    });
    await connectAs("retro_rags");
    expect(callbacks).toHaveLength(1);

    // Replayed in the browser that is signed in (the back button, a reload of history): nothing is sent to Depop,
    // and the seller simply lands on their dashboard.
    await page.goto(callbacks[0] ?? "/");
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
    const exchanges = await stub.tokenRequests("authorization_code");
    expect(exchanges).toHaveLength(1);
    // The original connection still works.
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("@retro_rags");
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
  });

  test("the dashboard sends visitors without a session back to the start", async ({ page }) => {
    await page.goto("/dashboard");
    await expect(page).toHaveURL(`${E2E.appUrl}/`);
    await expect(page.getByRole("button", { name: "Connect with Depop" })).toBeVisible();
  });
});
