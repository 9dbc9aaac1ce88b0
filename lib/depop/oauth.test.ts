import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { authorizeUrl, type OAuthSettings, startAuthorization } from "./oauth";

const settings: OAuthSettings = {
  clientId: "client-123",
  clientSecret: "secret",
  authorizeUrl: new URL("https://www.depop.com/settings/oauth/apps/"),
  tokenEndpoint: new URL("https://partnerapi.depop.com/api/v1/oauth2/access-token/"),
  redirectUri: "https://connect.example.com/api/depop/callback",
  scopes: ["shop_read", "products_read"],
  httpTimeoutMs: 10_000,
  depopMaxRps: 100,
};

describe("PKCE and the authorize URL", () => {
  it("derives Depop's documented S256 challenge from its test verifier", async () => {
    await expect(oauth.calculatePKCECodeChallenge("vvkdljkejllufrvbhgeiegrnvufrhvrffnkvcknjvfid")).resolves.toBe(
      "DSWlW2Abh-cf8CeLL8-g3hQ2WQyYdKyiu83u_s7nRhI",
    );
  });

  it("builds the consent URL with every required parameter and scopes joined by an encoded +", () => {
    const url = authorizeUrl(settings, "state-123", "DSWlW2Abh-cf8CeLL8-g3hQ2WQyYdKyiu83u_s7nRhI");
    expect(url.origin + url.pathname).toBe("https://www.depop.com/settings/oauth/apps/");
    expect(url.search).toContain("scope=shop_read%2Bproducts_read");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "client-123",
      redirect_uri: "https://connect.example.com/api/depop/callback",
      state: "state-123",
      scope: "shop_read+products_read",
      code_challenge: "DSWlW2Abh-cf8CeLL8-g3hQ2WQyYdKyiu83u_s7nRhI",
      code_challenge_method: "S256",
    });
  });

  it("makes a fresh, unguessable state and a valid verifier on every start", async () => {
    const first = await startAuthorization(settings);
    const second = await startAuthorization(settings);
    expect(first.state).not.toBe(second.state);
    expect(first.verifier).not.toBe(second.verifier);
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    expect(first.verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(first.url.searchParams.get("code_challenge")).toBe(await oauth.calculatePKCECodeChallenge(first.verifier));
    expect(first.url.searchParams.get("state")).toBe(first.state);
  });
});
