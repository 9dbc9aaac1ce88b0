import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { E2E } from "../env";
import { expect, SELLERS, test } from "../fixtures";

// ASVS V8.3 / V14.3 (no sensitive data in the client), RFC 9700 §4.2.4 / §4.3 (no credentials in URLs).

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test("no token or secret reaches a URL, a page, an RSC payload, a cookie or a client bundle", async ({
  page,
  context,
  stub,
  connectAs,
}) => {
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  await connectAs("vintage_vault");
  await stub.expireAccessTokens(SELLERS.vintage_vault.id);
  await page.reload(); // a refresh happens: rotated tokens are part of the scan
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(24);

  const issued = await stub.issued();
  const secrets = [
    ...issued.access_tokens,
    ...issued.refresh_tokens,
    E2E.appEnv.DEPOP_CLIENT_SECRET,
    E2E.appEnv.SESSION_SECRET,
    E2E.appEnv.TOKEN_ENCRYPTION_KEY,
  ];
  expect(issued.refresh_tokens.length).toBeGreaterThanOrEqual(2);

  const haystacks: [string, string][] = [];
  for (const path of ["/", "/dashboard", "/dashboard/connection", "/dashboard/products/7208846"]) {
    haystacks.push([`HTML ${path}`, await (await page.request.get(path)).text()]);
    haystacks.push([`RSC ${path}`, await (await page.request.get(path, { headers: { RSC: "1" } })).text()]);
  }
  haystacks.push(["browser URLs", urls.join("\n")]);
  haystacks.push(["cookies", (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("\n")]);
  // What the app itself sent to Depop in URLs (tokens belong in headers and bodies only).
  const appRequests = (await stub.requests()).filter((entry) => entry.origin === "api");
  haystacks.push(["URLs the app called", appRequests.map((entry) => JSON.stringify(entry.query)).join("\n")]);
  for (const file of filesUnder(".next/static")) haystacks.push([file, readFileSync(file, "utf8")]);

  for (const [where, text] of haystacks) {
    for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
  }
  // The production build ships no source maps to the browser.
  expect(filesUnder(".next/static").filter((file) => file.endsWith(".map"))).toEqual([]);
});

test("no NEXT_PUBLIC_ variable exists: nothing in the environment is meant for the browser", () => {
  const sources = ["app", "lib"].flatMap(filesUnder).filter((file) => /\.(ts|tsx)$/.test(file));
  for (const file of sources) expect(readFileSync(file, "utf8"), file).not.toContain("NEXT_PUBLIC_");
});
