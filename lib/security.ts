import type { Config } from "./config";

/**
 * The security headers of every page (RFC 9700 §4.16, ASVS V3/V14): a nonce-based CSP that lets only Next's own
 * scripts run, no framing, no sniffing, no referrer to other sites, and HSTS on https. The callback, whose URL
 * carries a code, sends no referrer at all (see `CALLBACK_REFERRER_POLICY`).
 */
export function securityHeaders(
  config: Pick<Config, "appUrl" | "authorizeUrl" | "mediaSources">,
  nonce: string,
  development: boolean,
): Record<string, string> {
  const https = config.appUrl.protocol === "https:";
  // Product pictures come from Depop's media hosts (DEPOP_MEDIA_HOSTS) and from nowhere else.
  const imageSources = ["'self'", "data:", ...config.mediaSources].join(" ");
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Next's development overlay injects inline styles it cannot nonce; production keeps the strict policy. (A nonce
    // would make browsers ignore 'unsafe-inline', so development leaves it out of style-src.)
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    `img-src ${imageSources}`,
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    // The Connect form's server action redirects to Depop's consent page: allowed, and nothing else.
    `form-action 'self' ${config.authorizeUrl.origin}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  return {
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    // Not "no-referrer": that makes browsers send `Origin: null` on our own form posts (server actions without
    // JavaScript), which the same-origin check below would then have to refuse.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

export const CALLBACK_REFERRER_POLICY = "no-referrer";

/**
 * The callback's own headers (it is left out of proxy.ts: it answers only a redirect or a script-free error page,
 * so it needs no nonce, and a callback is timed by every seller who connects). The same headers as every page,
 * with a CSP that allows no script, style or form at all, and no referrer: its URL carries a code.
 */
export function callbackHeaders(
  config: Pick<Config, "appUrl" | "authorizeUrl" | "mediaSources">,
): Record<string, string> {
  return {
    ...securityHeaders(config, "", false),
    "Content-Security-Policy":
      "default-src 'none'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": CALLBACK_REFERRER_POLICY,
  };
}

/**
 * Server actions and every other state-changing request must come from our own pages. Browsers send `Origin` on
 * every POST; without it, `Sec-Fetch-Site: same-origin` is the only other acceptable proof.
 */
export function isSameOriginRequest(appUrl: URL, origin: string | null, fetchSite: string | null): boolean {
  if (origin !== null) return origin === appUrl.origin;
  return fetchSite === "same-origin";
}
