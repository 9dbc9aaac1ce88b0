import { E2E } from "../env";
import { expect, SELLERS, test } from "../fixtures";
import { appCookie, beginConnect, callbackUrl, disconnectShop, seal, setAppCookie } from "../fixtures/flows";

// ASVS V3 (session management), V5 (validation and encoding), RFC 9700 §4.2.4 (no reflection of provider text).

test.describe("cookie tampering and expiry", () => {
  test("a tampered session cookie is treated as no session", async ({ page, context, connectAs }) => {
    await connectAs("retro_rags");
    const session = await appCookie(context, "depop_connect_session");
    await setAppCookie(context, "depop_connect_session", `${session?.value.slice(0, -4)}AAAA`);
    const response = await page.goto("/dashboard");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(`${E2E.appUrl}/`);
  });

  test("a session cookie sealed with a foreign key is treated as no session", async ({ page, context }) => {
    const forged = await seal({ sellerId: "any-seller" }, "a-different-secret-of-at-least-32-characters!");
    await setAppCookie(context, "depop_connect_session", forged);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(`${E2E.appUrl}/`);
  });

  test("a session for a seller id that does not exist leads nowhere", async ({ page, context }) => {
    await setAppCookie(
      context,
      "depop_connect_session",
      await seal({ sellerId: "00000000-0000-0000-0000-000000000000" }),
    );
    await page.goto("/dashboard");
    await expect(page).toHaveURL(`${E2E.appUrl}/`);
  });

  test("an old session cookie replayed after Disconnect opens nothing", async ({ page, context, connectAs }) => {
    await connectAs("retro_rags");
    const session = await appCookie(context, "depop_connect_session");
    await disconnectShop(page);
    await setAppCookie(context, "depop_connect_session", session?.value ?? "");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(`${E2E.appUrl}/`);
  });

  test("a tampered transaction cookie makes no token request", async ({ page, context, stub }) => {
    const authorize = await beginConnect(page);
    const transaction = await appCookie(context, "depop_connect_tx");
    const value = transaction?.value ?? "";
    const middle = Math.floor(value.length / 2);
    const flipped = `${value.slice(0, middle)}${value[middle] === "A" ? "B" : "A"}${value.slice(middle + 1)}`;
    await setAppCookie(context, "depop_connect_tx", flipped, "/api/depop/callback");
    await page.goto(callbackUrl({ code: "c", state: authorize.searchParams.get("state") ?? "" }));
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=expired`);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a transaction older than ten minutes is refused even if its seal is valid", async ({ page, context, stub }) => {
    const state = "s".repeat(43);
    const old = await seal({
      flow: "depop-connect/v1",
      state,
      verifier: "v".repeat(43),
      scopes: ["shop_read", "products_read"],
      createdAt: Date.now() - 11 * 60_000,
    });
    await setAppCookie(context, "depop_connect_tx", old, "/api/depop/callback");
    await page.goto(callbackUrl({ code: "c", state }));
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=expired`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("start again");
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a session cookie copied into the transaction cookie is not a transaction", async ({
    page,
    context,
    stub,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    const session = await appCookie(context, "depop_connect_session");
    await setAppCookie(context, "depop_connect_tx", session?.value ?? "", "/api/depop/callback");
    await page.goto(callbackUrl({ code: "c", state: "s".repeat(43) }));
    // Refused, and nothing sent to Depop; the seller is signed in, so they simply land on their dashboard.
    await expect(page).toHaveURL(`${E2E.appUrl}/dashboard`);
    expect(await stub.tokenRequests("authorization_code")).toHaveLength(1);
  });
});

test.describe("reflected XSS", () => {
  test("error_description and error_uri from the redirect are never rendered", async ({ page, stub }) => {
    let dialogs = 0;
    page.on("dialog", async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });
    const authorize = await beginConnect(page);
    await page.goto(
      callbackUrl({
        error: "access_denied",
        error_description: "<script>alert(1)</script><img src=x onerror=alert(2)>XSS-MARKER",
        error_uri: "javascript:alert(3)",
        state: authorize.searchParams.get("state") ?? "",
      }),
    );
    await expect(page.getByRole("main").getByRole("alert")).toContainText("You declined the connection");
    const html = await page.content();
    expect(html).not.toContain("XSS-MARKER");
    expect(html).not.toContain("javascript:alert");
    expect(dialogs).toBe(0);
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("an attacker-chosen error code is not reflected", async ({ page }) => {
    const authorize = await beginConnect(page);
    await page.goto(callbackUrl({ error: "<svg onload=alert(1)>", state: authorize.searchParams.get("state") ?? "" }));
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=authorize_error`);
    expect(await page.content()).not.toContain("<svg onload");
  });

  test("the landing page ignores unknown error codes instead of echoing them", async ({ page }) => {
    await page.goto(`/?error=${encodeURIComponent('"><img src=x onerror=alert(1)>')}&notice=<b>hi</b>`);
    const html = await page.content();
    expect(html).not.toContain("onerror=alert");
    expect(html).not.toContain("<b>hi</b>");
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  });

  test("a hostile cursor in the dashboard URL is not reflected", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    await page.goto(`/dashboard?cursor=${encodeURIComponent("<script>alert(1)</script>")}&state=<b>`);
    expect(await page.content()).not.toContain("<script>alert(1)</script>");
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(
      SELLERS.retro_rags.products,
    );
  });
});

test.describe("garbage input never causes a 500", () => {
  const hostileQueries = [
    "code=%E0%A4%A&state=%",
    "code=%00&state=%00",
    "code[]=a&state[]=b",
    "code=&state=",
    "code=a%0d%0aSet-Cookie:%20x=1&state=b",
    `code=${"%F0%9F%92%A9".repeat(100)}&state=x`,
    "state=only",
    "error=&state=",
    "",
  ];
  for (const query of hostileQueries) {
    test(`callback?${query.slice(0, 40) || "(empty)"} answers 303 or 400 and asks Depop nothing`, async ({
      request,
      stub,
    }) => {
      const response = await request.get(callbackUrl(query), { maxRedirects: 0 });
      expect([303, 400]).toContain(response.status());
      expect(response.headers()["set-cookie"] ?? "").not.toContain("x=1");
      expect(await response.text()).not.toMatch(/at \w+ \(|Error:/);
      expect(await stub.tokenRequests()).toHaveLength(0);
    });
  }

  test("a 20 KB query string is refused with a 4xx before any work", async ({ request, stub }) => {
    const response = await request.get(callbackUrl({ code: "a", state: "b", pad: "x".repeat(20_000) }), {
      maxRedirects: 0,
    });
    expect([400, 414, 431]).toContain(response.status());
    expect(await stub.tokenRequests()).toHaveLength(0);
  });

  test("a 5 KB query string is refused with 400", async ({ request }) => {
    const response = await request.get(callbackUrl({ code: "a", state: "b", pad: "x".repeat(5_000) }), {
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
  });

  test("methods other than GET on the callback get 405", async ({ request }) => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const response = await request.fetch(callbackUrl({ code: "a", state: "b" }), {
        method,
        headers: { origin: E2E.appUrl },
        maxRedirects: 0,
      });
      expect(response.status(), method).toBe(405);
    }
  });

  test("hostile product ids, and another seller's product, give a not-found page", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    for (const id of ["7208800", "abc", "-1", "1e3", "99999999999999999999", "%00", "7208900.5"]) {
      const response = await page.goto(`/dashboard/products/${id}`);
      expect(response?.status(), id).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(/not found/i);
    }
  });

  test("hostile dashboard parameters fall back to the defaults", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    const response = await page.goto("/dashboard?state[]=x&state=selling&state=sold&sort=%00&cursor=%ZZ");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("@retro_rags");
  });
});
