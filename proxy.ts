import { type NextRequest, NextResponse } from "next/server";
import { config as appConfig } from "@/lib/config";
import { isSameOriginRequest, securityHeaders } from "@/lib/security";

const refuse = (status: number, message: string) =>
  new NextResponse(message, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });

/**
 * Every request: refuse what the framework would turn into a 500 (a path that is not valid percent-encoding, a form
 * post whose body is not the form it claims to be) and foreign state-changing requests, then set a fresh CSP nonce
 * and the security headers.
 */
export async function proxy(request: NextRequest) {
  const settings = appConfig();
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return refuse(400, "Bad request.");
  }
  const unsafeMethod = !["GET", "HEAD", "OPTIONS"].includes(request.method);
  if (
    unsafeMethod &&
    !isSameOriginRequest(settings.appUrl, request.headers.get("origin"), request.headers.get("sec-fetch-site"))
  ) {
    return refuse(403, "Cross-site request refused.");
  }
  if (unsafeMethod && !(await isReadableForm(request))) return refuse(400, "Bad request.");

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const headers = securityHeaders(settings, nonce, process.env.NODE_ENV === "development");
  const csp = headers["Content-Security-Policy"] ?? "";
  // Next reads the nonce for its own scripts from the request's CSP header.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * A form post (a server action submitted without JavaScript) must carry a body that parses as the form it says it
 * is; Next would otherwise fail on it with a 500. Only form bodies are read here, and posts are rare (Connect,
 * Disconnect, sign out): the cost is one parse of a few hundred bytes.
 */
async function isReadableForm(request: NextRequest): Promise<boolean> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (!type.startsWith("multipart/form-data") && !type.startsWith("application/x-www-form-urlencoded")) return true;
  try {
    await request.clone().formData();
    return true;
  } catch {
    return false;
  }
}

export const config = {
  matcher: [
    {
      // Exclusions are anchored: only Next's static files, the favicon itself, the OAuth callback (which sets
      // its own, stricter headers: lib/security.ts `callbackHeaders`) and Depop's webhook deliveries (a
      // server-to-server POST with no Origin, authenticated by its signature instead; it answers JSON only) skip
      // the proxy; `/_next/staticx`, `/favicon.ico.x`, `/api/depop/callbackx` or `/api/depop/webhooksx` do not.
      source: "/((?!_next/static/|favicon\\.ico$|api/depop/callback$|api/depop/webhooks$).*)",
    },
  ],
};
