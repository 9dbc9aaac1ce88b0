import { type NextRequest, NextResponse } from "next/server";
import { config as appConfig } from "@/lib/config";
import { isSameOriginRequest, securityHeaders } from "@/lib/security";

/** Every request: refuse foreign state-changing requests, then set a fresh CSP nonce and the security headers. */
export function proxy(request: NextRequest) {
  const settings = appConfig();
  const unsafeMethod = !["GET", "HEAD", "OPTIONS"].includes(request.method);
  if (
    unsafeMethod &&
    !isSameOriginRequest(settings.appUrl, request.headers.get("origin"), request.headers.get("sec-fetch-site"))
  ) {
    return new NextResponse("Cross-site request refused.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }

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

export const config = {
  matcher: [
    {
      // The OAuth callback sets its own, stricter headers (lib/security.ts `callbackHeaders`) and takes only GET.
      source: "/((?!_next/static|_next/image|favicon.ico|api/depop/callback).*)",
    },
  ],
};
