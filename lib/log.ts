/**
 * The one logger. Everything it prints goes through `redact`: Depop tokens, client secrets, codes, verifiers and
 * states never reach a log line, whatever a caller passes (an error, a URL, a response body).
 */

const TOKEN_PATTERN = /\b(pat|prt|pak)_[A-Za-z0-9_]+/g;
const SECRET_PARAMS =
  /\b(client_secret|code|code_verifier|state|refresh_token|access_token|password|authorization)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/g;

export function redact(text: string): string {
  return text
    .replace(TOKEN_PATTERN, "$1_[redacted]")
    .replace(BEARER, "Bearer [redacted]")
    .replace(SECRET_PARAMS, "$1$2[redacted]");
}

function loggable(value: unknown): unknown {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return value;
}

function write(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}) {
  const entries = Object.entries(fields).map(([key, value]) => [key, loggable(value)]);
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...Object.fromEntries(entries) });
  const safe = redact(line);
  if (level === "error") console.error(safe);
  else if (level === "warn") console.warn(safe);
  else console.log(safe);
}

export const log = {
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
