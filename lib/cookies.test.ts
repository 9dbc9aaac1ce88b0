import { afterEach, describe, expect, it, vi } from "vitest";
import { cookieJar } from "../test/next-headers";

vi.mock("next/headers", async () => (await import("../test/next-headers")).nextHeaders);

// SESSION_SECRET rotation, end to end: secrets are told apart by ids derived from themselves, so adding a new
// secret in front and later dropping the old one never logs anybody out who signed in with a secret still listed.

const OLD = "o".repeat(40);
const NEW = "n".repeat(40);

async function withSecrets(value: string) {
  vi.resetModules();
  Object.assign(process.env, {
    SESSION_SECRET: value,
    DEPOP_CLIENT_ID: "client-unit",
    DEPOP_CLIENT_SECRET: "secret-unit",
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  });
  return import("./session");
}

afterEach(() => cookieJar.clear());

describe("SESSION_SECRET rotation", () => {
  it("old,new then new alone: the sessions sealed along the way stay valid", async () => {
    const before = await withSecrets(OLD);
    await before.writeSessionCookie("a".repeat(43));
    const sealedWithOld = cookieJar.get("depop_connect_session") ?? "";

    const during = await withSecrets(`${NEW},${OLD}`);
    expect(await during.readSessionToken()).toBe("a".repeat(43));
    await during.writeSessionCookie("b".repeat(43));
    const sealedWithNew = cookieJar.get("depop_connect_session") ?? "";
    expect(sealedWithNew).not.toBe(sealedWithOld);

    const after = await withSecrets(NEW);
    expect(await after.readSessionToken()).toBe("b".repeat(43));
    cookieJar.set("depop_connect_session", sealedWithOld);
    expect(await after.readSessionToken()).toBeNull();
  });

  it("over https the cookies carry the __Host- and __Secure- prefixes", async () => {
    process.env.APP_URL = "https://connect.example.com";
    try {
      vi.resetModules();
      const { cookieNames } = await import("./cookies");
      expect(cookieNames()).toEqual({
        session: "__Host-depop_connect_session",
        transaction: "__Secure-depop_connect_tx",
      });
    } finally {
      delete process.env.APP_URL;
    }
    vi.resetModules();
    const { cookieNames } = await import("./cookies");
    expect(cookieNames()).toEqual({ session: "depop_connect_session", transaction: "depop_connect_tx" });
  });
});
