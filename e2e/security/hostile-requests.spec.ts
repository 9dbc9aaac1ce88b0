import type { APIResponse } from "@playwright/test";
import { E2E } from "../env";
import { expect, test } from "../fixtures";
import { appCookie, beginConnect } from "../fixtures/flows";

// ASVS V2 (validation), V16 (error handling): no input, however malformed, produces a 5xx or a stack trace, and
// none loses stored data. A crawler-style sweep sends a corpus of hostile requests to every route.

const ROUTES = [
  "/",
  "/dashboard",
  "/dashboard/connection",
  "/dashboard/products/1",
  "/dashboard/orders",
  "/dashboard/orders/80000001",
  "/api/depop/callback",
  "/api/depop/webhooks",
  "/api/cron/reconcile",
  "/api/health",
  "/_next/image",
  "/no-such-page",
];
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
const MALFORMED_SEALS = [
  "x*x*x*x*x*x*x*x",
  "Fe26.2*constructor*a*b*c**d*e~2",
  "Fe26.2*__proto__*a*b*c*1*d*e~2",
  "Fe26.2*1*a*b*c*not-a-number*d*e~2",
  "%E0%A4%A",
  "a".repeat(3000),
];
// Text that only a stack trace or a framework error page would contain.
const STACK =
  /\bat [\w$.<>]+ \(|node_modules\/|\.[jt]s:\d+:\d+|\b(TypeError|RangeError|URIError|SyntaxError|PrismaClient\w*)\b/;
// The sweep's own client address, so its callbacks count against no one else's limit.
const SWEEP = { "x-forwarded-for": "192.0.2.10" };

function expectSafe(response: APIResponse, body: string, label: string) {
  expect(response.status(), label).toBeLessThan(500);
  expect(body, label).not.toMatch(STACK);
}

test("a corpus of hostile requests to every route: no 5xx, no stack trace", async ({ request, stub }) => {
  test.setTimeout(180_000);
  const queries = [
    "?%E0%A4%A=1",
    "?code=%00&state=%00",
    "?state=a%0d%0aSet-Cookie:%20x=1",
    `?code=${"x".repeat(10_000)}`,
    "?code=a&code=b&state=c&state=d",
    "?cursor[]=1&state[$ne]=1",
    `?${Array.from({ length: 300 }, (_, i) => `p${i}=${i}`).join("&")}`,
  ];
  const bodies: { type: string; data: string }[] = [
    { type: "multipart/form-data; boundary=xyz", data: "garbage" },
    { type: "multipart/form-data", data: "--x\r\n\r\n" },
    { type: "application/x-www-form-urlencoded", data: "%E0%A4%A=%" },
    { type: "application/json", data: "{not json" },
    { type: "text/xml", data: "<!DOCTYPE x [<!ENTITY y SYSTEM 'file:///etc/passwd'>]><x>&y;</x>" },
  ];
  const cookies = [
    ...MALFORMED_SEALS.flatMap((value) => [`depop_connect_session=${value}`, `depop_connect_tx=${value}`]),
    `depop_connect_session=a; depop_connect_session=b; depop_connect_tx=c; depop_connect_tx=d`,
    `big=${"c".repeat(6000)}`,
  ];

  let sent = 0;
  for (const route of ROUTES) {
    for (const query of queries) {
      const response = await request.get(`${route}${query}`, { headers: SWEEP, maxRedirects: 0 });
      expectSafe(response, await response.text(), `GET ${route}${query.slice(0, 40)}`);
      sent++;
    }
    for (const cookie of cookies) {
      const response = await request.get(route, { headers: { ...SWEEP, cookie }, maxRedirects: 0 });
      expectSafe(response, await response.text(), `GET ${route} with ${cookie.slice(0, 40)}`);
      sent++;
    }
    for (const method of METHODS) {
      for (const body of method === "GET" || method === "HEAD" ? [undefined] : bodies) {
        const response = await request.fetch(route, {
          method,
          headers: { ...SWEEP, origin: E2E.appUrl, ...(body ? { "content-type": body.type } : {}) },
          ...(body ? { data: body.data } : {}),
          maxRedirects: 0,
        });
        expectSafe(response, method === "HEAD" ? "" : await response.text(), `${method} ${route} ${body?.type ?? ""}`);
        sent++;
      }
    }
  }
  for (const path of ["/dashboard/products/%E0%A4%A", "/%E0%A4%A", "/dashboard/%00", "/dashboard/products/1%0d%0a"]) {
    const response = await request.get(path, { headers: SWEEP, maxRedirects: 0 });
    expectSafe(response, await response.text(), `GET ${path}`);
    sent++;
  }
  expect(sent).toBeGreaterThan(350);
  expect(await stub.tokenRequests()).toHaveLength(0);
});

test("malformed session cookies are no session on every page, and on the Connect post", async ({
  page,
  context,
  request,
}) => {
  for (const value of MALFORMED_SEALS) {
    for (const path of ["/", "/dashboard", "/dashboard/connection", "/dashboard/products/1"]) {
      const response = await request.get(path, {
        headers: { cookie: `depop_connect_session=${value}` },
        maxRedirects: 0,
      });
      expect(response.status(), `${path} ${value.slice(0, 30)}`).toBeLessThan(400);
    }
  }
  // The Connect form, posted by a browser holding a malformed transaction cookie: off to Depop as usual.
  await context.addCookies([
    { name: "depop_connect_tx", value: MALFORMED_SEALS[1] ?? "", domain: "localhost", path: "/" },
  ]);
  await beginConnect(page);
});

test("the image optimiser does not exist: /_next/image fetches nothing, not even the app's own routes", async ({
  request,
  stub,
}) => {
  for (const url of ["/dashboard", "/api/depop/callback?code=x&state=y", "http://127.0.0.1:4111/status"]) {
    const response = await request.get(`/_next/image?url=${encodeURIComponent(url)}&w=64&q=75`, { maxRedirects: 0 });
    expect(response.status()).toBe(404);
  }
  expect(await stub.requests()).toHaveLength(0);
});

test("exclusions from the security headers are anchored: look-alike paths get them", async ({ request }) => {
  for (const path of [
    "/_next/staticx",
    "/favicon.ico.x",
    "/api/depop/callbackx",
    "/api/depop/callback/x",
    "/api/depop/webhooksx",
    "/api/depop/webhooks/x",
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
  }
});

test("a product whose dates are not dates still shows; an answer about another product is not shown", async ({
  page,
  stub,
  connectAs,
}) => {
  await connectAs("retro_rags");
  const firstCard = page.getByRole("list", { name: "Products" }).getByRole("link").first();
  const href = (await firstCard.getAttribute("href")) ?? "";
  const id = Number(href.split("/").pop());

  const body = (overrides: Record<string, unknown>) =>
    JSON.stringify({
      product_id: id,
      slug: `a-${id}`,
      status: "STATUS_ONSALE",
      description: "Checked shirt\nA nice one",
      price_currency: "GBP",
      price_amount: "12.00",
      pictures: [],
      ...overrides,
    });
  await stub.fault({
    endpoint: "product",
    status: 200,
    body: body({ created_at: "not a date", updated_at: "2024-99-99" }),
  });
  const response = await page.goto(href);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Checked shirt");
  await expect(page.getByText("Listed")).toHaveCount(0);

  await stub.fault({ endpoint: "product", status: 200, body: body({ product_id: id + 1 }) });
  await page.goto(href);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found/i);
});

test("the transaction cookie is scoped to the callback path and the session cookie is HttpOnly", async ({
  context,
  page,
}) => {
  await beginConnect(page);
  const transaction = await appCookie(context, "depop_connect_tx");
  expect(transaction?.path).toBe("/api/depop/callback");
  expect(transaction?.httpOnly).toBe(true);
  expect(transaction?.sameSite).toBe("Lax");
});
