import type { IncomingMessage, ServerResponse } from "node:http";
import type { StubContext } from "./context";
import { sendOAuthError } from "./errors";
import { type BodyResult, duplicateNames, pairsToMap, parseContentType, parseForm, sendJson } from "./http";
import { pkceChallenge, secretsEqual } from "./oauth-store";

export const TOKEN_BODY_LIMIT = 8 * 1024;

const BAD_CODE = "Authorization code is invalid, expired, or has already been used";
const BAD_REFRESH = "Refresh token is invalid, expired, revoked, or has already been used";

function sendTokens(
  res: ServerResponse,
  tokens: { accessToken: string; refreshToken: string; expiresIn: number },
): void {
  sendJson(
    res,
    200,
    {
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      expires_in: tokens.expiresIn,
      token_type: "Bearer",
    },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}

/** Only form bodies are accepted (§4); a charset parameter is fine as long as it says UTF-8. */
function isFormContentType(header: string | undefined): boolean {
  const parsed = parseContentType(header);
  if (parsed?.type !== "application/x-www-form-urlencoded") return false;
  for (const [name, value] of parsed.params) {
    if (name !== "charset" || value.toLowerCase() !== "utf-8") return false;
  }
  return true;
}

/**
 * POST /api/v1/oauth2/access-token/. The body was read by the server (faults need its grant_type);
 * this does every check in the order a strict OAuth server would.
 */
export function handleToken(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: BodyResult | undefined,
): void {
  if (req.method !== "POST") {
    sendOAuthError(res, 405, "invalid_request", "The token endpoint only accepts POST", undefined, { Allow: "POST" });
    return;
  }
  if (!isFormContentType(req.headers["content-type"])) {
    sendOAuthError(res, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    return;
  }
  if (!body?.ok) {
    if (body?.reason === "aborted") {
      res.destroy();
      return;
    }
    sendOAuthError(res, 413, "invalid_request", `The request body must not exceed ${TOKEN_BODY_LIMIT} bytes`);
    return;
  }
  const parsed = parseForm(body.body.toString("utf8"));
  if (!parsed.ok) {
    sendOAuthError(res, 400, "invalid_request", "The request body is not valid form encoding");
    return;
  }
  const duplicates = duplicateNames(parsed.pairs);
  if (duplicates.length > 0) {
    sendOAuthError(res, 400, "invalid_request", `Parameter given more than once: ${duplicates.join(", ")}`);
    return;
  }
  // An empty value counts as missing (RFC 6749 §3.1).
  const params = new Map([...pairsToMap(parsed.pairs)].filter(([, value]) => value !== ""));
  for (const name of ["grant_type", "client_id", "client_secret"]) {
    if (!params.has(name)) {
      sendOAuthError(res, 400, "invalid_request", `Missing required parameter: ${name}`);
      return;
    }
  }
  const clientId = params.get("client_id") ?? "";
  if (clientId !== ctx.options.clientId) {
    sendOAuthError(res, 401, "invalid_client", "Client authentication failed: unknown client_id");
    return;
  }
  if (!secretsEqual(params.get("client_secret") ?? "", ctx.options.clientSecret)) {
    // Depop's literal wording (§4), not an RFC error code.
    sendOAuthError(res, 401, "client secret does not match", "Depop OAuth2 error", "Depop OAuth2 error");
    return;
  }
  const grantType = params.get("grant_type");
  if (grantType === "authorization_code") {
    exchangeCode(ctx, res, clientId, params);
    return;
  }
  if (grantType === "refresh_token") {
    refresh(ctx, res, clientId, params);
    return;
  }
  sendOAuthError(res, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

function exchangeCode(ctx: StubContext, res: ServerResponse, clientId: string, params: Map<string, string>): void {
  for (const name of ["code", "redirect_uri", "code_verifier"]) {
    if (!params.has(name)) {
      sendOAuthError(res, 400, "invalid_request", `Missing required parameter: ${name}`);
      return;
    }
  }
  const code = ctx.oauth.codes.get(params.get("code") ?? "");
  if (!code) {
    sendOAuthError(res, 400, "invalid_grant", BAD_CODE);
    return;
  }
  if (code.used) {
    // A replayed code suggests it leaked: kill everything it produced (RFC 6749 §10.5).
    if (code.grantId) ctx.oauth.revokeGrant(code.grantId);
    sendOAuthError(res, 400, "invalid_grant", BAD_CODE);
    return;
  }
  if (code.clientId !== clientId || code.expiresAt <= ctx.clock.now()) {
    sendOAuthError(res, 400, "invalid_grant", BAD_CODE);
    return;
  }
  if (params.get("redirect_uri") !== code.redirectUri) {
    sendOAuthError(res, 400, "invalid_grant", "redirect_uri does not match the one used in the authorization request");
    return;
  }
  const verifier = params.get("code_verifier") ?? "";
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || pkceChallenge(verifier) !== code.codeChallenge) {
    sendOAuthError(res, 400, "invalid_request", "PKCE verification failed");
    return;
  }
  code.used = true;
  const grant = ctx.oauth.createGrant(clientId, code.sellerId, code.scopes);
  code.grantId = grant.id;
  sendTokens(res, ctx.oauth.issueTokens(grant));
}

function refresh(ctx: StubContext, res: ServerResponse, clientId: string, params: Map<string, string>): void {
  const token = params.get("refresh_token");
  if (token === undefined) {
    sendOAuthError(res, 400, "invalid_request", "Missing required parameter: refresh_token");
    return;
  }
  const entry = ctx.oauth.refreshTokens.get(token);
  const grant = entry ? ctx.oauth.grants.get(entry.grantId) : undefined;
  if (
    !entry ||
    !grant ||
    entry.used ||
    grant.revoked ||
    grant.clientId !== clientId ||
    grant.refreshExpiresAt <= ctx.clock.now()
  ) {
    sendOAuthError(res, 400, "invalid_grant", BAD_REFRESH);
    return;
  }
  // Rotation (§5): the old refresh token dies now; the old access token lives out its hour.
  entry.used = true;
  sendTokens(res, ctx.oauth.issueTokens(grant));
}
