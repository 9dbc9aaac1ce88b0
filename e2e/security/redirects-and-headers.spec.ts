import { E2E } from "../env";
import { expect, test } from "../fixtures";
import { beginConnect, callbackUrl } from "../fixtures/flows";

// RFC 9700 §4.11 (open redirection), §4.16 (clickjacking); ASVS V3.4 (cookies), V14.4 (headers), V4.2.2 (CSRF).

function isOnSite(location: string | undefined): boolean {
  if (!location) return true;
  const target = new URL(location, E2E.appUrl);
  return target.origin === E2E.appUrl;
}

test.describe("open redirects", () => {
  const targets = [
    "//evil.example",
    "/\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "%252F%252Fevil.example",
    "https://evil.example",
  ];

  test("the callback ignores every return-to parameter and only ever redirects on-site", async ({ request }) => {
    for (const target of targets) {
      for (const name of ["next", "returnTo", "redirect", "redirect_uri", "continue"]) {
        const response = await request.get(`${callbackUrl({ code: "a", state: "b" })}&${name}=${target}`, {
          maxRedirects: 0,
        });
        expect(isOnSite(response.headers().location), `${name}=${target}`).toBe(true);
      }
    }
  });

  test("paths that look like other hosts stay on this site", async ({ request }) => {
    for (const target of targets) {
      const response = await request.get(`${E2E.appUrl}/${target}`, { maxRedirects: 0 });
      expect(isOnSite(response.headers().location), target).toBe(true);
      expect(response.status(), target).not.toBe(500);
    }
  });

  test("Connect only ever sends the browser to the configured Depop consent page", async ({ page }) => {
    const authorize = await beginConnect(page);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(E2E.appEnv.DEPOP_AUTHORIZE_URL);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${E2E.appUrl}/api/depop/callback`);
  });
});

test.describe("security headers", () => {
  test("pages carry a nonce CSP, anti-framing, nosniff, a same-origin referrer policy and a permissions policy", async ({
    request,
  }) => {
    for (const path of ["/", "/dashboard", "/no-such-page"]) {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      const csp = headers["content-security-policy"] ?? "";
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp, path).not.toContain("unsafe-inline");
      expect(csp, path).not.toContain("unsafe-eval");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain(`form-action 'self' ${new URL(E2E.appEnv.DEPOP_AUTHORIZE_URL).origin}`);
      expect(csp, path).toContain("object-src 'none'");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["referrer-policy"], path).toBe("same-origin");
      expect(headers["permissions-policy"], path).toContain("camera=()");
    }
  });

  test("every response gets a fresh nonce, and Next's scripts carry it", async ({ request }) => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await request.get("/");
      const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1] ?? "";
      nonces.add(nonce);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  test("pages work under the CSP: no violation is reported while connecting and browsing", async ({
    page,
    connectAs,
  }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await connectAs("vintage_vault");
    await page.getByRole("link", { name: "Next page" }).click();
    await page.getByRole("list", { name: "Products" }).getByRole("heading").getByRole("link").first().click();
    await page.waitForURL(/\/dashboard\/products\/\d+(\?back=.*)?$/);
    await page.goto("/dashboard/connection");
    expect(violations).toEqual([]);
  });

  test("the callback, the dashboard and the connection page are never cached", async ({ request, page, connectAs }) => {
    const callback = await request.get(callbackUrl({ code: "a", state: "b" }), { maxRedirects: 0 });
    expect(callback.headers()["cache-control"]).toContain("no-store");
    expect(callback.headers()["referrer-policy"]).toBe("no-referrer");
    expect(callback.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(callback.headers()["x-frame-options"]).toBe("DENY");
    await connectAs("retro_rags");
    for (const path of ["/dashboard", "/dashboard/connection", "/dashboard/products/7208900", "/"]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.headers()["cache-control"], path).toContain("no-store");
    }
  });

  test("cookies are HttpOnly, SameSite=Lax and scoped: the transaction only reaches the callback", async ({
    page,
    context,
  }) => {
    await beginConnect(page);
    const cookies = await context.cookies(E2E.appUrl);
    expect(cookies.find((cookie) => cookie.name === "depop_connect_tx")).toBeUndefined(); // not sent to "/"
    const transaction = (await context.cookies(`${E2E.appUrl}/api/depop/callback`)).find(
      (cookie) => cookie.name === "depop_connect_tx",
    );
    expect(transaction).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/depop/callback" });
  });
});

test.describe("server actions refuse foreign origins", () => {
  async function connectForm(request: import("@playwright/test").APIRequestContext) {
    const html = await (await request.get("/")).text();
    const actionField = /name="(\$ACTION_ID_[^"]+)"/.exec(html)?.[1];
    expect(actionField).toBeTruthy();
    return { [actionField ?? ""]: "" };
  }

  test("a Connect posted from another origin is refused and starts nothing", async ({ request }) => {
    const form = await connectForm(request);
    const forged = await request.post("/", {
      multipart: form,
      headers: { origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(forged.headers()["set-cookie"] ?? "").not.toContain("depop_connect_tx");
    expect(forged.headers().location).toBeUndefined();

    // The same request from our own origin does start the flow: the refusal above is the Origin check.
    const genuine = await request.post("/", { multipart: form, headers: { origin: E2E.appUrl }, maxRedirects: 0 });
    expect(genuine.status()).toBe(303);
    expect(genuine.headers().location).toContain(E2E.appEnv.DEPOP_AUTHORIZE_URL);
  });

  test("a Disconnect posted from another origin leaves the seller connected", async ({ page, connectAs }) => {
    await connectAs("retro_rags");
    const html = await (await page.request.get("/dashboard/disconnect")).text();
    const fields = [...html.matchAll(/name="(\$ACTION_ID_[^"]+)"/g)].map((match) => match[1] ?? "");
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      const response = await page.request.post("/dashboard/disconnect", {
        multipart: { [field]: "" },
        headers: { origin: "null" },
        maxRedirects: 0,
      });
      expect(response.status()).toBe(403);
    }
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("@retro_rags");
  });
});
