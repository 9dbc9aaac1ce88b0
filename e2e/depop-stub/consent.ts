import type { IncomingMessage, ServerResponse } from "node:http";
import type { StubContext } from "./context";
import { consentPage, errorPage } from "./html";
import { duplicateNames, pairsToMap, parseContentType, parseForm, readBody, sendText } from "./http";
import { isScope, type Scope, splitScopes } from "./scopes";

/** Headers on every consent-flow answer: nothing cached, nothing framed, no scripts, no cookies. */
const PAGE_HEADERS = {
  "Cache-Control": "no-store",
  Pragma: "no-cache",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  // No form-action directive: browsers apply it to the redirect after submit, which must reach the app.
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
};

const HTML = "text/html; charset=utf-8";
const DECISION_BODY_LIMIT = 16 * 1024;

function sendErrorPage(res: ServerResponse, status: number, heading: string, message: string): void {
  sendText(res, status, HTML, errorPage(heading, message), PAGE_HEADERS);
}

/** Sends the browser back to the app; the redirect URI's own query is kept (RFC 6749 §3.1.2). */
function redirectBack(res: ServerResponse, redirectUri: string, params: [string, string][]): void {
  const query = new URLSearchParams(params).toString();
  const separator = redirectUri.includes("?") ? (/[?&]$/.test(redirectUri) ? "" : "&") : "?";
  res.writeHead(302, { ...PAGE_HEADERS, Location: `${redirectUri}${separator}${query}`, "Content-Length": 0 });
  res.end();
}

function redirectError(
  res: ServerResponse,
  redirectUri: string,
  error: string,
  description: string,
  state: string | undefined,
): void {
  const params: [string, string][] = [
    ["error", error],
    ["error_description", description],
  ];
  if (state !== undefined) params.push(["state", state]);
  redirectBack(res, redirectUri, params);
}

/** GET /settings/oauth/apps/: validate the authorize request, then show the consent form. */
export function handleAuthorize(ctx: StubContext, req: IncomingMessage, res: ServerResponse, rawQuery: string): void {
  if (req.method !== "GET") {
    res.setHeader("Allow", "GET");
    sendErrorPage(res, 405, "Method not allowed", "Open this page with a GET request.");
    return;
  }
  const parsed = parseForm(rawQuery);
  if (!parsed.ok) {
    sendErrorPage(res, 400, "Invalid authorization request", "The authorization request URL is malformed.");
    return;
  }
  const duplicates = duplicateNames(parsed.pairs);
  const params = pairsToMap(parsed.pairs);

  // Until client_id and redirect_uri are trusted we must not redirect anywhere (RFC 6749 §4.1.2.1).
  const clientId = params.get("client_id");
  if (duplicates.includes("client_id") || !clientId || clientId !== ctx.options.clientId) {
    sendErrorPage(
      res,
      400,
      "Invalid authorization request",
      "The client_id is missing or is not a registered application.",
    );
    return;
  }
  const redirectUri = params.get("redirect_uri");
  if (duplicates.includes("redirect_uri") || !redirectUri || !ctx.options.redirectUris.includes(redirectUri)) {
    sendErrorPage(
      res,
      400,
      "Invalid authorization request",
      "The redirect_uri is missing or does not exactly match one registered for this application.",
    );
    return;
  }

  // From here on, errors go back to the app with the state (when there is exactly one).
  const rawState = params.get("state");
  const state = duplicates.includes("state") || !rawState ? undefined : rawState;
  if (duplicates.length > 0) {
    redirectError(res, redirectUri, "invalid_request", `Duplicate parameter: ${duplicates.join(", ")}`, state);
    return;
  }
  if (state === undefined) {
    redirectError(res, redirectUri, "invalid_request", "Missing required parameter: state", undefined);
    return;
  }
  const responseType = params.get("response_type");
  if (!responseType) {
    redirectError(res, redirectUri, "invalid_request", "Missing required parameter: response_type", state);
    return;
  }
  if (responseType !== "code") {
    redirectError(res, redirectUri, "unsupported_response_type", "Only response_type=code is supported", state);
    return;
  }
  if (params.get("code_challenge_method") !== "S256") {
    redirectError(res, redirectUri, "invalid_request", "code_challenge_method must be S256 (PKCE is required)", state);
    return;
  }
  const codeChallenge = params.get("code_challenge") ?? "";
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    redirectError(
      res,
      redirectUri,
      "invalid_request",
      "code_challenge must be a 43-character base64url SHA-256 hash",
      state,
    );
    return;
  }
  const rawScope = params.get("scope");
  if (rawScope === undefined || rawScope === "") {
    redirectError(res, redirectUri, "invalid_request", "Missing required parameter: scope", state);
    return;
  }
  const requested = splitScopes(rawScope);
  const unknown = requested.filter((scope) => !isScope(scope));
  if (requested.length === 0 || unknown.length > 0) {
    redirectError(res, redirectUri, "invalid_scope", `Unknown scope: ${unknown.join(", ") || "(empty)"}`, state);
    return;
  }
  const scopes = [...new Set(requested.filter(isScope))];

  const requestId = ctx.oauth.addPending({ clientId, redirectUri, state, scopes, codeChallenge });
  const html = consentPage({
    requestId,
    clientId,
    redirectUri,
    scopes,
    sellers: ctx.sellers.all().map((seller) => ({ id: seller.id, username: seller.username })),
  });
  sendText(res, 200, HTML, html, PAGE_HEADERS);
}

/** POST /settings/oauth/apps/decision: the seller pressed Grant access or Deny. */
export async function handleDecision(ctx: StubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    sendErrorPage(res, 405, "Method not allowed", "The consent form must be submitted with POST.");
    return;
  }
  if (parseContentType(req.headers["content-type"])?.type !== "application/x-www-form-urlencoded") {
    sendErrorPage(res, 400, "Invalid form submission", "The consent form must be submitted as a URL-encoded form.");
    return;
  }
  const body = await readBody(req, DECISION_BODY_LIMIT);
  if (!body.ok) {
    if (body.reason === "too_large")
      sendErrorPage(res, 413, "Invalid form submission", "The form submission is too large.");
    else res.destroy();
    return;
  }
  const parsed = parseForm(body.body.toString("utf8"));
  if (!parsed.ok) {
    sendErrorPage(res, 400, "Invalid form submission", "The form submission is malformed.");
    return;
  }
  // Checkboxes repeat `scope` by design; every other field must appear once.
  const duplicates = duplicateNames(parsed.pairs).filter((name) => name !== "scope");
  const fields = pairsToMap(parsed.pairs);
  const requestId = fields.get("request_id");
  const decision = fields.get("decision");
  if (duplicates.length > 0 || !requestId || (decision !== "grant" && decision !== "deny")) {
    sendErrorPage(res, 400, "Invalid form submission", "The consent form submission is incomplete or malformed.");
    return;
  }
  // Look before taking, so a bad seller choice does not burn the request.
  if (!ctx.oauth.peekPending(requestId)) {
    sendErrorPage(
      res,
      400,
      "Authorization request expired",
      "This authorization request is unknown, has expired or was already answered. Start again from the app.",
    );
    return;
  }
  const sellerField = fields.get("seller_id") ?? "";
  const seller = /^\d{1,16}$/.test(sellerField) ? ctx.sellers.byId(Number(sellerField)) : undefined;
  if (decision === "grant" && !seller) {
    sendErrorPage(res, 400, "Invalid form submission", "Choose which seller to sign in as.");
    return;
  }
  const pending = ctx.oauth.takePending(requestId);
  if (!pending) {
    sendErrorPage(
      res,
      400,
      "Authorization request expired",
      "This authorization request has expired. Start again from the app.",
    );
    return;
  }

  const chosen = parsed.pairs.filter((pair) => pair.name === "scope").map((pair) => pair.value);
  const granted: Scope[] = pending.scopes.filter((scope) => chosen.includes(scope));
  // Unticking everything, or smuggling in a scope that was never requested, counts as a denial.
  const tampered = chosen.some((scope) => !(pending.scopes as string[]).includes(scope));
  if (decision === "deny" || !seller || granted.length === 0 || tampered) {
    redirectError(res, pending.redirectUri, "access_denied", "The resource owner denied the request", pending.state);
    return;
  }
  const code = ctx.oauth.issueCode({
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    codeChallenge: pending.codeChallenge,
    sellerId: seller.id,
    scopes: granted,
  });
  redirectBack(res, pending.redirectUri, [
    ["code", code],
    ["state", pending.state],
  ]);
}

/** Any other www path: a plain HTML 404. */
export function handleWwwNotFound(res: ServerResponse): void {
  sendErrorPage(res, 404, "Page not found", "There is nothing at this address.");
}
