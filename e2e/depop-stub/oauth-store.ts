import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "./clock";
import type { Scope } from "./scopes";

export const CONSENT_TTL_MS = 10 * 60_000;
export const CODE_TTL_MS = 10 * 60_000;
export const ACCESS_TTL_MS = 3600_000;
export const REFRESH_TTL_MS = 365 * 86_400_000;

/** A validated authorize request, waiting for the seller to decide on the consent page. */
export interface PendingConsent {
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: Scope[];
  codeChallenge: string;
  expiresAt: number;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  sellerId: number;
  scopes: Scope[];
  expiresAt: number;
  used: boolean;
  /** Set once exchanged, so a replay can revoke what the code produced (RFC 6749 §10.5). */
  grantId?: string;
}

/** One seller's authorization of one client; all its tokens live and die with it. */
export interface Grant {
  id: string;
  clientId: string;
  sellerId: number;
  scopes: Scope[];
  /** Absolute: refreshing never extends it (§5). */
  refreshExpiresAt: number;
  revoked: boolean;
}

export interface AccessToken {
  grantId: string;
  expiresAt: number;
}

export interface RefreshToken {
  grantId: string;
  used: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Cap on the "ever issued" history so a long benchmark cannot grow it without bound. */
const HISTORY_LIMIT = 100_000;

function pushCapped(list: string[], value: string): void {
  list.push(value);
  if (list.length > HISTORY_LIMIT) list.splice(0, list.length - HISTORY_LIMIT);
}

export function randomUrlSafe(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** Compares secrets in constant time; hashing first makes unequal lengths safe too. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** All OAuth state, in memory only; POST /_stub/reset empties it. */
export class OAuthStore {
  readonly pending = new Map<string, PendingConsent>();
  readonly codes = new Map<string, AuthCode>();
  readonly grants = new Map<string, Grant>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  /** Every code and token ever handed out, for leak scans; survives reset on purpose. */
  readonly history = { codes: [] as string[], accessTokens: [] as string[], refreshTokens: [] as string[] };

  private issued = 0;

  constructor(private readonly clock: Clock) {}

  reset(): void {
    this.pending.clear();
    this.codes.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  addPending(consent: Omit<PendingConsent, "expiresAt">): string {
    const now = this.clock.now();
    // Sweep stale entries here so abandoned consent pages cannot pile up.
    for (const [id, entry] of this.pending) {
      if (entry.expiresAt <= now) this.pending.delete(id);
    }
    const id = randomUrlSafe(24);
    this.pending.set(id, { ...consent, expiresAt: now + CONSENT_TTL_MS });
    return id;
  }

  /** Single use: the entry is gone after this call whether or not it was still valid. */
  takePending(id: string): PendingConsent | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    return entry.expiresAt > this.clock.now() ? entry : undefined;
  }

  peekPending(id: string): PendingConsent | undefined {
    const entry = this.pending.get(id);
    return entry && entry.expiresAt > this.clock.now() ? entry : undefined;
  }

  issueCode(details: Omit<AuthCode, "expiresAt" | "used" | "grantId">): string {
    const code = randomUrlSafe(32);
    this.codes.set(code, { ...details, expiresAt: this.clock.now() + CODE_TTL_MS, used: false });
    pushCapped(this.history.codes, code);
    return code;
  }

  createGrant(clientId: string, sellerId: number, scopes: Scope[]): Grant {
    const grant: Grant = {
      id: randomUrlSafe(16),
      clientId,
      sellerId,
      scopes,
      refreshExpiresAt: this.clock.now() + REFRESH_TTL_MS,
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    return grant;
  }

  /** A fresh access + refresh token pair for a grant; the access token never outlives the grant. */
  issueTokens(grant: Grant): IssuedTokens {
    const now = this.clock.now();
    const accessExpiresAt = Math.min(now + ACCESS_TTL_MS, grant.refreshExpiresAt);
    // Depop's examples show two shapes: `pat_` + 40 hex, and the OAuth guide's `pat_<32 hex>_<40 hex>`. Both are
    // handed out, in turn, so clients that assume one length fail here rather than against Depop.
    this.issued += 1;
    const accessToken =
      this.issued % 2 === 1
        ? `pat_${randomBytes(20).toString("hex")}`
        : `pat_${randomBytes(16).toString("hex")}_${randomBytes(20).toString("hex")}`;
    const refreshToken = `prt_${randomBytes(20).toString("hex")}`;
    this.accessTokens.set(accessToken, { grantId: grant.id, expiresAt: accessExpiresAt });
    this.refreshTokens.set(refreshToken, { grantId: grant.id, used: false });
    pushCapped(this.history.accessTokens, accessToken);
    pushCapped(this.history.refreshTokens, refreshToken);
    return { accessToken, refreshToken, expiresIn: Math.max(1, Math.ceil((accessExpiresAt - now) / 1000)) };
  }

  /** The live grant behind an access token, or undefined if unknown, expired or revoked. */
  grantForAccessToken(token: string): Grant | undefined {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.expiresAt <= this.clock.now()) return undefined;
    const grant = this.grants.get(entry.grantId);
    return grant && !grant.revoked ? grant : undefined;
  }

  expireAccessTokens(sellerId?: number): number {
    const now = this.clock.now();
    let expired = 0;
    for (const entry of this.accessTokens.values()) {
      if (entry.expiresAt <= now) continue;
      const grant = this.grants.get(entry.grantId);
      if (!grant || grant.revoked) continue;
      if (sellerId !== undefined && grant.sellerId !== sellerId) continue;
      entry.expiresAt = now;
      expired++;
    }
    return expired;
  }

  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  revokeGrants(sellerId?: number): number {
    let revoked = 0;
    for (const grant of this.grants.values()) {
      if (grant.revoked) continue;
      if (sellerId !== undefined && grant.sellerId !== sellerId) continue;
      grant.revoked = true;
      revoked++;
    }
    return revoked;
  }
}
