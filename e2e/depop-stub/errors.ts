import { randomUUID } from "node:crypto";
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { sendJson } from "./http";

/** Depop's general error envelope (§11), used by every endpoint except the token endpoint. */
export function apiErrorBody(
  code: string,
  message: string,
): { id: string; errors: { code: string; message: string }[] } {
  return { id: randomUUID(), errors: [{ code, message }] };
}

export function sendApiError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, apiErrorBody(code, message), headers);
}

export interface OAuthErrorBody {
  code: number;
  error: string;
  message: string;
  detail: string;
  error_message: string;
  error_description: string;
  id: string;
}

/**
 * The token endpoint's own error shape (§4). `message`/`error_message` and `detail`/
 * `error_description` are pairs: Depop keeps the second of each as a legacy alias.
 */
export function oauthErrorBody(
  status: number,
  error: string,
  detail: string,
  message: string = detail,
): OAuthErrorBody {
  return {
    code: status,
    error,
    message,
    detail,
    error_message: message,
    error_description: detail,
    id: randomUUID(),
  };
}

export function sendOAuthError(
  res: ServerResponse,
  status: number,
  error: string,
  detail: string,
  message: string = detail,
  headers: OutgoingHttpHeaders = {},
): void {
  // Token responses must never be cached (RFC 6749 §5.1 applies to errors too in practice).
  sendJson(res, status, oauthErrorBody(status, error, detail, message), {
    "Cache-Control": "no-store",
    Pragma: "no-cache",
    ...headers,
  });
}
