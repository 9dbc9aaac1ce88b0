import { describe, expect, it } from "vitest";
import { DecryptError, decrypt, encrypt, sealedWithOldKey } from "./crypto";

const keyA = Buffer.alloc(32, 0xa);
const keyB = Buffer.alloc(32, 0xb);
const token = "prt_26f4f74b761c83ef0d383bcfc419e114fd554331";

describe("tokens at rest", () => {
  it("round-trips and never contains the token in clear", () => {
    const sealed = encrypt(token, "seller-1/refresh", [keyA]);
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain("prt_");
    expect(decrypt(sealed, "seller-1/refresh", [keyA])).toBe(token);
  });

  it("uses a fresh IV each time", () => {
    expect(encrypt(token, "ctx", [keyA])).not.toBe(encrypt(token, "ctx", [keyA]));
  });

  it("detects tampering with any part of the sealed value", () => {
    const sealed = encrypt(token, "ctx", [keyA]);
    const parts = sealed.split(".");
    for (const index of [2, 3, 4]) {
      const tampered = [...parts];
      const part = tampered[index] ?? "";
      tampered[index] = (part[0] === "A" ? "B" : "A") + part.slice(1);
      expect(() => decrypt(tampered.join("."), "ctx", [keyA])).toThrow(DecryptError);
    }
    expect(() => decrypt("garbage", "ctx", [keyA])).toThrow(DecryptError);
  });

  it("binds a ciphertext to its seller and field", () => {
    const sealed = encrypt(token, "seller-1/refresh", [keyA]);
    expect(() => decrypt(sealed, "seller-2/refresh", [keyA])).toThrow(DecryptError);
    expect(() => decrypt(sealed, "seller-1/access", [keyA])).toThrow(DecryptError);
  });

  it("rotates keys: the first key encrypts, older keys still decrypt", () => {
    const old = encrypt(token, "ctx", [keyA]);
    expect(decrypt(old, "ctx", [keyB, keyA])).toBe(token);
    expect(sealedWithOldKey(old, [keyB, keyA])).toBe(true);
    const fresh = encrypt(token, "ctx", [keyB, keyA]);
    expect(sealedWithOldKey(fresh, [keyB, keyA])).toBe(false);
    expect(() => decrypt(fresh, "ctx", [keyA])).toThrow(/no longer configured/);
  });
});
