import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const key = Buffer.alloc(32, 1).toString("base64");
const production = {
  APP_URL: "https://connect.example.com/",
  DEPOP_CLIENT_ID: "client-123",
  DEPOP_CLIENT_SECRET: "super-secret-value",
  SESSION_SECRET: "s".repeat(40),
  TOKEN_ENCRYPTION_KEY: key,
};

describe("configuration", () => {
  it("derives the redirect URI and token endpoint from APP_URL and DEPOP_API_URL", () => {
    const config = parseConfig(production, true);
    expect(config.redirectUri).toBe("https://connect.example.com/api/depop/callback");
    expect(config.tokenEndpoint.href).toBe("https://partnerapi.depop.com/api/v1/oauth2/access-token/");
    expect(config.authorizeUrl.href).toBe("https://www.depop.com/settings/oauth/apps/");
    expect(config.scopes).toEqual(["shop_read", "products_read"]);
    expect(config.secureCookies).toBe(true);
  });

  it("gives listing writes a budget of their own, 20 a second unless DEPOP_MAX_WRITE_RPS says otherwise", () => {
    expect(parseConfig(production, true).depopMaxWriteRps).toBe(20);
    expect(parseConfig({ ...production, DEPOP_MAX_WRITE_RPS: "5" }, true).depopMaxWriteRps).toBe(5);
    expect(() => parseConfig({ ...production, DEPOP_MAX_WRITE_RPS: "0" }, true)).toThrow(
      /DEPOP_MAX_WRITE_RPS must be 1-1000/,
    );
  });

  it("refuses to start in production without secrets, naming the variables but never a value", () => {
    const attempt = () =>
      parseConfig({ ...production, SESSION_SECRET: "short-secret", TOKEN_ENCRYPTION_KEY: "abc" }, true);
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("SESSION_SECRET");
      expect(message).toContain("TOKEN_ENCRYPTION_KEY");
      expect(message).not.toContain("short-secret");
      expect(message).not.toContain("abc");
    }
  });

  it("requires every variable in production and names the missing ones", () => {
    expect(() => parseConfig({}, true)).toThrow(/APP_URL[\s\S]*DEPOP_CLIENT_ID[\s\S]*DEPOP_CLIENT_SECRET/);
  });

  it("refuses plain http for a public APP_URL in production but allows localhost", () => {
    expect(() => parseConfig({ ...production, APP_URL: "http://connect.example.com" }, true)).toThrow(/APP_URL/);
    expect(parseConfig({ ...production, APP_URL: "http://localhost:3100" }, true).secureCookies).toBe(false);
  });

  it("defaults APP_URL and the database in development", () => {
    const { APP_URL: _, ...rest } = production;
    const config = parseConfig(rest, false);
    expect(config.appUrl.href).toBe("http://localhost:3000/");
    expect(config.databaseUrl).toBe("file:./prisma/dev.db");
  });

  it("accepts scopes separated by spaces or +, and insists on shop_read", () => {
    expect(parseConfig({ ...production, DEPOP_SCOPES: "shop_read+products_read offers_read" }, true).scopes).toEqual([
      "shop_read",
      "products_read",
      "offers_read",
    ]);
    expect(() => parseConfig({ ...production, DEPOP_SCOPES: "products_read" }, true)).toThrow(/shop_read/);
    expect(() => parseConfig({ ...production, DEPOP_SCOPES: "shop_read everything" }, true)).toThrow(/DEPOP_SCOPES/);
  });

  it("takes several encryption keys and session secrets, newest first", () => {
    const other = Buffer.alloc(32, 2).toString("base64");
    const config = parseConfig(
      { ...production, TOKEN_ENCRYPTION_KEY: `${other},${key}`, SESSION_SECRET: `${"n".repeat(32)},${"o".repeat(32)}` },
      true,
    );
    expect(config.tokenKeys.map((k) => k.toString("base64"))).toEqual([other, key]);
    expect(config.sessionSecrets).toEqual(["n".repeat(32), "o".repeat(32)]);
  });

  it("picks the database from DATABASE_URL's scheme and refuses any other, without echoing it", () => {
    expect(parseConfig(production, true).databaseProvider).toBe("sqlite");
    const postgres = parseConfig({ ...production, DATABASE_URL: "postgresql://app:pw@db.example.com:5432/shop" }, true);
    expect(postgres.databaseProvider).toBe("postgresql");
    expect(postgres.databasePoolMax).toBe(5);
    expect(parseConfig({ ...production, DATABASE_URL: "postgres://db/shop" }, true).databaseProvider).toBe(
      "postgresql",
    );
    expect(
      parseConfig({ ...production, DATABASE_URL: "postgres://db/x", DATABASE_POOL_MAX: "12" }, true).databasePoolMax,
    ).toBe(12);
    for (const url of ["mysql://root:hunter2@db/shop", "sqlite:./dev.db", "hunter2"]) {
      try {
        parseConfig({ ...production, DATABASE_URL: url }, true);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).toContain("DATABASE_URL");
        expect((error as Error).message).not.toContain("hunter2");
      }
    }
    expect(() => parseConfig({ ...production, DATABASE_POOL_MAX: "0" }, true)).toThrow(/DATABASE_POOL_MAX/);
  });

  it("refuses a SQLite file on Vercel, naming the variable and why", () => {
    expect(() => parseConfig({ ...production, VERCEL: "1" }, true)).toThrow(/DATABASE_URL[\s\S]*Vercel/);
    expect(() => parseConfig({ ...production, VERCEL: "1", DATABASE_URL: "file:/tmp/x.db" }, true)).toThrow(
      /DATABASE_URL/,
    );
    expect(parseConfig({ ...production, VERCEL: "1", DATABASE_URL: "postgres://db/x" }, true).databaseProvider).toBe(
      "postgresql",
    );
  });

  it("allows pictures from Depop's media hosts, DEPOP_MEDIA_HOSTS, or a local Depop double, and nothing else", () => {
    expect(parseConfig(production, true).mediaSources).toEqual([
      "https://media-photos.depop.com",
      "https://media-photos-staging.depop.com",
    ]);
    const double = parseConfig(
      {
        ...production,
        DEPOP_AUTHORIZE_URL: "http://127.0.0.1:4110/settings/oauth/apps/",
        DEPOP_API_URL: "http://127.0.0.1:4111",
      },
      true,
    );
    expect(double.mediaSources).toEqual([
      "https://media-photos.depop.com",
      "https://media-photos-staging.depop.com",
      "http://127.0.0.1:4110",
      "http://127.0.0.1:4111",
    ]);
    const configured = parseConfig(
      { ...production, DEPOP_MEDIA_HOSTS: "cdn.example.com, http://127.0.0.1:9000" },
      true,
    );
    expect(configured.mediaSources).toEqual(["https://cdn.example.com", "http://127.0.0.1:9000"]);
    for (const bad of ["*", "https:", "evil.example.com; script-src *", "javascript:alert(1)"]) {
      expect(() => parseConfig({ ...production, DEPOP_MEDIA_HOSTS: bad }, true)).toThrow(/DEPOP_MEDIA_HOSTS/);
    }
  });

  it("leaves webhooks and the cron route off unless their secrets are set; takes `new,old` and a retention", () => {
    const off = parseConfig(production, true);
    expect(off.webhookSecrets).toEqual([]);
    expect(off.cronSecret).toBeUndefined();
    expect(off.dataRetentionDays).toBe(30);
    const on = parseConfig(
      {
        ...production,
        DEPOP_WEBHOOK_SECRET: "new-webhook-secret-0123, old-webhook-secret-0123",
        CRON_SECRET: "cron-secret-0123456789",
        DATA_RETENTION_DAYS: "7",
      },
      true,
    );
    expect(on.webhookSecrets).toEqual(["new-webhook-secret-0123", "old-webhook-secret-0123"]);
    expect(on.cronSecret).toBe("cron-secret-0123456789");
    expect(on.dataRetentionDays).toBe(7);
    for (const [name, value] of [
      ["DEPOP_WEBHOOK_SECRET", "short"],
      ["CRON_SECRET", "short"],
      ["DATA_RETENTION_DAYS", "0"],
    ] as const) {
      const attempt = () => parseConfig({ ...production, [name]: value }, true);
      expect(attempt).toThrow(name);
      expect(attempt).not.toThrow(value === "0" ? /never/ : value);
    }
  });
});
