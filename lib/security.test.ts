import { describe, expect, it } from "vitest";
import { isSameOriginRequest, securityHeaders } from "./security";

const local = {
  appUrl: new URL("http://localhost:3000"),
  authorizeUrl: new URL("http://127.0.0.1:4100/settings/oauth/apps/"),
  apiUrl: new URL("http://127.0.0.1:4101/"),
  mediaSources: ["https://media-photos.depop.com", "http://127.0.0.1:4100"],
};
const production = {
  appUrl: new URL("https://connect.example.com"),
  authorizeUrl: new URL("https://www.depop.com/settings/oauth/apps/"),
  apiUrl: new URL("https://partnerapi.depop.com/"),
  mediaSources: ["https://media-photos.depop.com", "https://media-photos-staging.depop.com"],
};

describe("security headers", () => {
  it("lets only nonce-carrying scripts run and allows forms to post to Depop's consent page only", () => {
    const csp = securityHeaders(production, "abc123", false)["Content-Security-Policy"];
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe");
    expect(csp).toContain("form-action 'self' https://www.depop.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });

  it("sends HSTS only over https, and allows pictures from the configured media hosts only", () => {
    const secure = securityHeaders(production, "n", false);
    expect(secure["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(secure["Content-Security-Policy"]).toContain(
      "img-src 'self' data: https://media-photos.depop.com https://media-photos-staging.depop.com;",
    );
    const headers = securityHeaders(local, "n", false);
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
    expect(headers["Content-Security-Policy"]).toContain(
      "img-src 'self' data: https://media-photos.depop.com http://127.0.0.1:4100;",
    );
    expect(headers["Content-Security-Policy"]).not.toMatch(/img-src[^;]* (https?:)( |;)/);
  });

  it("loosens scripts (eval) and styles (inline) only in development, for Next's dev tools", () => {
    const development = securityHeaders(local, "n", true)["Content-Security-Policy"];
    expect(development).toContain("'unsafe-eval'");
    expect(development).toContain("style-src 'self' 'unsafe-inline'");
    const production = securityHeaders(local, "n", false)["Content-Security-Policy"];
    expect(production).toContain("style-src 'self' 'nonce-n'");
    expect(production).not.toContain("unsafe");
  });
});

describe("same-origin check for state-changing requests", () => {
  const app = new URL("https://connect.example.com");
  it("accepts our own origin and refuses any other, including null", () => {
    expect(isSameOriginRequest(app, "https://connect.example.com", null)).toBe(true);
    expect(isSameOriginRequest(app, "https://evil.example", "same-origin")).toBe(false);
    expect(isSameOriginRequest(app, "null", "same-origin")).toBe(false);
    expect(isSameOriginRequest(app, "http://connect.example.com", null)).toBe(false);
  });

  it("without an Origin header, trusts only Sec-Fetch-Site: same-origin", () => {
    expect(isSameOriginRequest(app, null, "same-origin")).toBe(true);
    expect(isSameOriginRequest(app, null, "cross-site")).toBe(false);
    expect(isSameOriginRequest(app, null, null)).toBe(false);
  });
});
