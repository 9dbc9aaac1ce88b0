/** Settings of one stub instance; main.ts fills them from the environment, tests pass them directly. */
export interface StubOptions {
  host: string;
  wwwPort: number;
  apiPort: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Extra delay before every API-port answer (control calls excepted), to mimic network latency. */
  latencyMs: number;
  /** Where webhook deliveries go (the app's `/api/depop/webhooks`), and the secret they are signed with. */
  webhookUrl?: string;
  webhookSecret?: string;
}

export const DEFAULT_OPTIONS: StubOptions = {
  host: "127.0.0.1",
  wwwPort: 4100,
  apiPort: 4101,
  clientId: "depop-connect-dev",
  clientSecret: "dev-client-secret-change-me-in-production",
  redirectUris: ["http://localhost:3000/api/depop/callback"],
  latencyMs: 0,
};

/** Splits a comma-separated list, dropping blanks so a trailing comma is harmless. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function readInt(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function readString(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === "" ? undefined : raw;
}

/** Only the variables that are set end up in the result, so defaults apply to the rest. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): Partial<StubOptions> {
  const options: Partial<StubOptions> = {};
  const host = readString(env, "STUB_HOST");
  if (host !== undefined) options.host = host;
  const wwwPort = readInt(env, "STUB_WWW_PORT", 0, 65535);
  if (wwwPort !== undefined) options.wwwPort = wwwPort;
  const apiPort = readInt(env, "STUB_API_PORT", 0, 65535);
  if (apiPort !== undefined) options.apiPort = apiPort;
  const clientId = readString(env, "STUB_CLIENT_ID");
  if (clientId !== undefined) options.clientId = clientId;
  const clientSecret = readString(env, "STUB_CLIENT_SECRET");
  if (clientSecret !== undefined) options.clientSecret = clientSecret;
  const redirectUris = readString(env, "STUB_REDIRECT_URIS");
  if (redirectUris !== undefined) options.redirectUris = splitList(redirectUris);
  const latencyMs = readInt(env, "STUB_LATENCY_MS", 0, 60_000);
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  const webhookUrl = readString(env, "STUB_WEBHOOK_URL");
  if (webhookUrl !== undefined) options.webhookUrl = webhookUrl;
  const webhookSecret = readString(env, "STUB_WEBHOOK_SECRET");
  if (webhookSecret !== undefined) options.webhookSecret = webhookSecret;
  return options;
}

export function resolveOptions(partial: Partial<StubOptions> = {}): StubOptions {
  const options: StubOptions = { ...DEFAULT_OPTIONS };
  for (const key of Object.keys(partial) as (keyof StubOptions)[]) {
    // Skip explicit undefined values so they cannot wipe out a default.
    if (partial[key] !== undefined) Object.assign(options, { [key]: partial[key] });
  }
  if (options.redirectUris.length === 0) throw new Error("at least one redirect URI is required");
  return options;
}
