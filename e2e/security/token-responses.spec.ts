import type { Page } from "@playwright/test";
import { E2E } from "../env";
import { expect, SELLERS, test } from "../fixtures";
import { queryDatabase } from "../fixtures/database";
import { beginConnect } from "../fixtures/flows";
import type { StubFault } from "../fixtures/stub";

// RFC 6749 §5.1/§5.2 (token responses), RFC 9700 §4.5 (no redirects with credentials), ASVS V12/V13 (API trust).

async function connectThroughFault(page: Page, seller = "retro_rags") {
  await beginConnect(page);
  await page.getByRole("radio", { name: seller }).check();
  await page.getByRole("button", { name: "Grant access" }).click();
  await page.waitForURL(/\/(\?error=\w+|dashboard)$/);
}

const storedConnections = async () =>
  Number((await queryDatabase<{ n: number | string }>('SELECT COUNT(*) AS n FROM "Connection"'))[0]?.n ?? 0);

const invalid: { name: string; fault: Omit<StubFault, "endpoint" | "grant_type">; problem: string }[] = [
  {
    name: "an HTML page",
    fault: { status: 200, body: "<html><body>Login</body></html>", content_type: "text/html" },
    problem: "invalid_response",
  },
  { name: "a JSON array", fault: { status: 200, body: "[]" }, problem: "invalid_response" },
  {
    name: "no access_token",
    fault: { status: 200, body: JSON.stringify({ refresh_token: "prt_x", expires_in: 3600, token_type: "Bearer" }) },
    problem: "invalid_response",
  },
  {
    name: "no refresh_token",
    fault: { status: 200, body: JSON.stringify({ access_token: "pat_x", expires_in: 3600, token_type: "Bearer" }) },
    problem: "invalid_response",
  },
  {
    name: "a token_type other than bearer",
    fault: {
      status: 200,
      body: JSON.stringify({ access_token: "pat_x", refresh_token: "prt_x", expires_in: 3600, token_type: "mac" }),
    },
    problem: "invalid_response",
  },
  {
    name: "no expires_in",
    fault: {
      status: 200,
      body: JSON.stringify({ access_token: "pat_x", refresh_token: "prt_x", token_type: "Bearer" }),
    },
    problem: "invalid_response",
  },
  {
    name: "an absurd expires_in",
    fault: {
      status: 200,
      body: JSON.stringify({ access_token: "pat_x", refresh_token: "prt_x", expires_in: -60, token_type: "Bearer" }),
    },
    problem: "invalid_response",
  },
  {
    name: "an oversized body",
    fault: {
      status: 200,
      body: JSON.stringify({
        access_token: `pat_${"a".repeat(100_000)}`,
        refresh_token: "prt_x",
        expires_in: 3600,
        token_type: "Bearer",
      }),
    },
    problem: "invalid_response",
  },
  { name: "a 500", fault: { status: 500 }, problem: "depop_unavailable" },
  {
    name: "a 401 client secret mismatch",
    fault: {
      status: 401,
      body: JSON.stringify({ code: 401, error: "client secret does not match", message: "Depop OAuth2 error" }),
    },
    problem: "exchange_failed",
  },
];

test.describe("token endpoint responses are validated before anything is stored", () => {
  for (const { name, fault, problem } of invalid) {
    test(`${name} ends on a clear error page and stores nothing`, async ({ page, stub }) => {
      const before = await storedConnections();
      await stub.fault({ endpoint: "token", grant_type: "authorization_code", ...fault });
      await connectThroughFault(page);
      await expect(page).toHaveURL(`${E2E.appUrl}/?error=${problem}`);
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      await expect(page.getByRole("button", { name: "Connect again" })).toBeVisible();
      expect(await storedConnections()).toBe(before);
    });
  }

  test("a redirect from the token endpoint is not followed (the request carried the client secret)", async ({
    page,
    stub,
  }) => {
    await stub.fault({
      endpoint: "token",
      grant_type: "authorization_code",
      status: 302,
      headers: { location: `${E2E.stubApiUrl}/status?followed=yes` },
      body: "",
    });
    await connectThroughFault(page);
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=invalid_response`);
    const followed = (await stub.requests()).filter((entry) => entry.query.followed === "yes");
    expect(followed).toEqual([]);
  });

  test("a token endpoint that does not answer in time ends on 'not answering', nothing stored", async ({
    page,
    stub,
  }) => {
    const timeout = Number(E2E.appEnv.DEPOP_HTTP_TIMEOUT_MS);
    await stub.fault({ endpoint: "token", grant_type: "authorization_code", delay_ms: timeout + 2000 });
    await connectThroughFault(page);
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=depop_unavailable`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("not answering");
  });

  test("the token endpoint's own error text is never echoed to the page", async ({ page, stub }) => {
    await stub.fault({
      endpoint: "token",
      grant_type: "authorization_code",
      status: 400,
      body: JSON.stringify({
        code: 400,
        error: "invalid_request",
        message: "ECHO-MARKER-message",
        detail: "ECHO-MARKER-detail <script>alert(1)</script>",
        error_description: "ECHO-MARKER-description",
        id: "9b2f4e7e-0000-4000-8000-000000000000",
      }),
    });
    await connectThroughFault(page);
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=exchange_failed`);
    expect(await page.content()).not.toContain("ECHO-MARKER");
  });

  test("a shop call that fails after a good exchange stores nothing", async ({ page, stub }) => {
    const before = await storedConnections();
    await stub.fault({ endpoint: "shop", status: 503 });
    await connectThroughFault(page);
    await expect(page).toHaveURL(`${E2E.appUrl}/?error=depop_unavailable`);
    expect(await storedConnections()).toBe(before);
  });

  test("a refresh answered with garbage keeps the stored tokens and says Depop is unavailable", async ({
    page,
    stub,
    connectAs,
  }) => {
    await connectAs("retro_rags");
    const before = await queryDatabase<{ refreshTokenSealed: string }>(
      'SELECT "refreshTokenSealed" FROM "Connection" c JOIN "Seller" s ON s."id" = c."sellerId" WHERE s."depopShopId" = ?',
      String(SELLERS.retro_rags.id),
    );
    await stub.expireAccessTokens(SELLERS.retro_rags.id);
    await stub.fault({ endpoint: "token", grant_type: "refresh_token", status: 200, body: "<html>oops</html>" });
    await page.reload();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Depop is unavailable right now");
    // Both of the page's calls met the expired token; the one failed refresh is shared, not attempted twice.
    expect(await stub.tokenRequests("refresh_token")).toHaveLength(1);
    const after = await queryDatabase<{ refreshTokenSealed: string }>(
      'SELECT "refreshTokenSealed" FROM "Connection" c JOIN "Seller" s ON s."id" = c."sellerId" WHERE s."depopShopId" = ?',
      String(SELLERS.retro_rags.id),
    );
    expect(after).toEqual(before);
  });
});
