import "server-only";
import { createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { cookies, headers } from "next/headers";
import { config } from "./config";

/**
 * Sealed cookies (iron-session's seal: AES-256-CBC + HMAC-SHA-256, with an expiry inside). One place that knows the
 * cookie names, attributes and secrets, and that a cookie it cannot read is simply absent: a malformed, forged,
 * expired or duplicated cookie never throws.
 */

/**
 * Each SESSION_SECRET gets a stable id derived from the secret itself (not its position in the list), so dropping
 * an old secret after a rotation keeps every seal made with the others readable. The first secret seals.
 */
export function secretId(secret: string): number {
  return Number.parseInt(
    createHash("sha256").update("depop-connect/session-secret/").update(secret).digest("hex").slice(0, 8),
    16,
  );
}

function sealingPassword(): Record<string, string> {
  const [first] = config().sessionSecrets;
  if (!first) throw new Error("no session secret configured");
  return { [secretId(first)]: first };
}

/** Every configured secret by id, in an object without a prototype: a seal naming "constructor" finds nothing. */
function unsealingPasswords(): Record<string, string> {
  const passwords: Record<string, string> = Object.create(null);
  for (const secret of config().sessionSecrets) passwords[secretId(secret)] = secret;
  return passwords;
}

export function seal(data: Record<string, unknown>, ttlSeconds: number): Promise<string> {
  return sealData(data, { password: sealingPassword(), ttl: ttlSeconds });
}

/** The sealed data, or null for anything that is not a live seal made with one of our secrets. */
export async function unseal(value: string, ttlSeconds: number): Promise<unknown> {
  if (value.length > 4096 || !/^Fe26\.2\*[\w*~.-]+$/.test(value)) return null;
  try {
    const data = await unsealData<Record<string, unknown>>(value, { password: unsealingPasswords(), ttl: ttlSeconds });
    return Object.keys(data).length === 0 ? null : data;
  } catch {
    return null;
  }
}

/**
 * Cookie names. Over https the session cookie is `__Host-` (Secure, Path=/, no Domain: no subdomain or plain-http
 * page can set or shadow it) and the transaction cookie `__Secure-`; plain http (local development) cannot use
 * prefixes, so there they go without.
 */
export function cookieNames() {
  const secure = config().secureCookies;
  return {
    session: secure ? "__Host-depop_connect_session" : "depop_connect_session",
    transaction: secure ? "__Secure-depop_connect_tx" : "depop_connect_tx",
  };
}

/**
 * The value of a cookie the browser sent exactly once. Two cookies of one name (one planted by a sibling site or
 * another path) would let an attacker choose which one wins, so then neither counts.
 */
export async function singleCookie(name: string): Promise<string | null> {
  const header = (await headers()).get("cookie");
  if (!header) return null;
  let found: string | null = null;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    if (found !== null) return null;
    found = part.slice(separator + 1).trim();
  }
  if (found === null) return null;
  try {
    return decodeURIComponent(found);
  } catch {
    return null;
  }
}

export async function setCookie(name: string, value: string, options: { path: string; maxAgeSeconds: number }) {
  (await cookies()).set(name, value, {
    httpOnly: true,
    // Lax, not Strict: Depop's redirect back to the callback is a cross-site top-level navigation.
    sameSite: "lax",
    secure: config().secureCookies,
    path: options.path,
    maxAge: options.maxAgeSeconds,
  });
}

export async function clearCookie(name: string, path: string) {
  (await cookies()).set(name, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().secureCookies,
    path,
    maxAge: 0,
  });
}
