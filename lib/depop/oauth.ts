import "server-only";
import * as oauth from "oauth4webapi";
import type { Config } from "../config";
import { depopFetch, ResponseTooLargeError } from "./http";
import { pacerFor } from "./pacer";
import { type TokenResponse, tokenResponseSchema } from "./schemas";

/**
 * Depop's OAuth 2.0 protocol (Authorization Code + PKCE, client_secret_post), done by oauth4webapi.
 * No storage here: callers decide what to keep.
 */

// A token response is a few hundred bytes; a megabyte is not one.
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

export type OAuthSettings = Pick<
  Config,
  | "clientId"
  | "clientSecret"
  | "authorizeUrl"
  | "tokenEndpoint"
  | "redirectUri"
  | "scopes"
  | "httpTimeoutMs"
  | "depopMaxRps"
>;

/** Why a token request failed, in the terms the app acts on. */
export type TokenErrorKind =
  | "invalid_grant" // the code or refresh token is dead: start again / reconnect
  | "rejected" // Depop refused our request (client credentials, malformed request): our configuration
  | "unavailable" // 5xx, network error or timeout: try again later, keep what we have
  | "invalid_response"; // Depop answered something we cannot trust

export class TokenError extends Error {
  override name = "TokenError";
  constructor(
    readonly kind: TokenErrorKind,
    message: string,
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

export type AuthorizationStart = { state: string; verifier: string; url: URL };

function server(settings: OAuthSettings): oauth.AuthorizationServer {
  return {
    issuer: settings.tokenEndpoint.origin,
    authorization_endpoint: settings.authorizeUrl.href,
    token_endpoint: settings.tokenEndpoint.href,
  };
}

function requestOptions(settings: OAuthSettings) {
  return {
    [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<"POST", URLSearchParams>) =>
      depopFetch(url, init, {
        timeoutMs: settings.httpTimeoutMs,
        maxBytes: MAX_TOKEN_RESPONSE_BYTES,
        pacer: pacerFor(settings.depopMaxRps),
      }),
    // A local Depop double runs on plain http; production Depop is https.
    [oauth.allowInsecureRequests]: settings.tokenEndpoint.protocol === "http:",
  };
}

export async function startAuthorization(settings: OAuthSettings): Promise<AuthorizationStart> {
  const state = oauth.generateRandomState();
  const verifier = oauth.generateRandomCodeVerifier();
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  return { state, verifier, url: authorizeUrl(settings, state, challenge) };
}

export function authorizeUrl(settings: OAuthSettings, state: string, challenge: string): URL {
  const url = new URL(settings.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", settings.clientId);
  url.searchParams.set("redirect_uri", settings.redirectUri);
  url.searchParams.set("state", state);
  // Depop joins scopes with "+"; URLSearchParams sends it as %2B, exactly like Depop's own example URL.
  url.searchParams.set("scope", settings.scopes.join("+"));
  url.searchParams.set("code_challenge", challenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url;
}

/**
 * Checks the redirect back from Depop against the state we issued (oauth4webapi: state, iss, error, one value
 * per parameter) and returns the code-bearing parameters for the exchange.
 */
export function validateCallback(settings: OAuthSettings, params: URLSearchParams, expectedState: string) {
  return oauth.validateAuthResponse(server(settings), { client_id: settings.clientId }, params, expectedState);
}

export async function exchangeCode(
  settings: OAuthSettings,
  callbackParams: URLSearchParams,
  verifier: string,
): Promise<TokenResponse> {
  return tokenRequest(async (as, client, auth) => {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      callbackParams,
      settings.redirectUri,
      verifier,
      requestOptions(settings),
    );
    return oauth.processAuthorizationCodeResponse(as, client, response);
  }, settings);
}

export async function refreshTokens(settings: OAuthSettings, refreshToken: string): Promise<TokenResponse> {
  return tokenRequest(async (as, client, auth) => {
    const response = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, requestOptions(settings));
    return oauth.processRefreshTokenResponse(as, client, response);
  }, settings);
}

async function tokenRequest(
  run: (
    as: oauth.AuthorizationServer,
    client: oauth.Client,
    auth: oauth.ClientAuth,
  ) => Promise<oauth.TokenEndpointResponse>,
  settings: OAuthSettings,
): Promise<TokenResponse> {
  let body: oauth.TokenEndpointResponse;
  try {
    body = await run(server(settings), { client_id: settings.clientId }, oauth.ClientSecretPost(settings.clientSecret));
  } catch (error) {
    throw toTokenError(error);
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new TokenError("invalid_response", "Depop's token response was incomplete");
  return parsed.data;
}

function toTokenError(error: unknown): TokenError {
  if (error instanceof oauth.ResponseBodyError) {
    if (error.status >= 500 || error.status === 429)
      return new TokenError("unavailable", `Depop's token endpoint answered ${error.status}`);
    if (error.error === "invalid_grant") {
      return new TokenError("invalid_grant", "Depop no longer accepts this grant", error.error);
    }
    return new TokenError("rejected", `Depop refused the token request (${error.status})`, safeCode(error.error));
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new TokenError("rejected", `Depop refused the token request (${error.status})`);
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    if (status !== undefined && (status >= 500 || status === 429)) {
      return new TokenError("unavailable", `Depop's token endpoint answered ${status}`);
    }
    return new TokenError("invalid_response", "Depop's token response was not valid");
  }
  if (error instanceof ResponseTooLargeError) {
    return new TokenError("invalid_response", "Depop's token response was too large");
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return new TokenError("invalid_response", "Depop's token response used an unsupported token type");
  }
  // fetch failures, timeouts (AbortSignal) and resets: nothing was decided, try again later.
  return new TokenError("unavailable", "Depop's token endpoint could not be reached");
}

/** OAuth error codes are short tokens; anything else (free text, markup) is not worth keeping. */
function safeCode(code: string): string | undefined {
  return /^[a-z_]{1,40}$/.test(code) ? code : undefined;
}
