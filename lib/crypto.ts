import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Tokens at rest: AES-256-GCM with a random 96-bit IV, sealed as
 * `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts). The key id lets several keys decrypt while the
 * first one encrypts, so keys rotate without a flag day. The additional data binds a ciphertext to its row
 * and field: a sealed refresh token pasted into another seller's row, or into the access-token column, fails.
 */

const VERSION = "v1";

export class DecryptError extends Error {
  override name = "DecryptError";
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update("depop-connect/token-key/").update(key).digest("hex").slice(0, 12);
}

export function encrypt(plaintext: string, context: string, keys: readonly Buffer[]): string {
  const key = keys[0];
  if (!key) throw new Error("no encryption key configured");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url"));
  return [VERSION, keyId(key), ...parts].join(".");
}

export function decrypt(sealed: string, context: string, keys: readonly Buffer[]): string {
  const [version, kid, iv, ciphertext, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !kid || !iv || ciphertext === undefined || !tag || rest.length > 0) {
    throw new DecryptError("sealed value is malformed");
  }
  const key = keys.find((candidate) => keyId(candidate) === kid);
  if (!key) throw new DecryptError("sealed with a key that is no longer configured");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptError("sealed value failed authentication");
  }
}

/** True when the value was sealed with a key other than the current (first) one. */
export function sealedWithOldKey(sealed: string, keys: readonly Buffer[]): boolean {
  const current = keys[0];
  return !current || sealed.split(".")[1] !== keyId(current);
}
