import "server-only";
import { z } from "zod";

/** Scopes Depop documents; anything else in DEPOP_SCOPES is a typo we refuse at start-up. */
export const DEPOP_SCOPES = [
  "products_read",
  "products_write",
  "orders_read",
  "orders_write",
  "offers_read",
  "offers_write",
  "shop_read",
] as const;
export type DepopScope = (typeof DEPOP_SCOPES)[number];

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Where Depop serves product pictures (its API reference shows the staging host; production's is its twin). */
export const DEPOP_MEDIA_HOSTS = ["media-photos.depop.com", "media-photos-staging.depop.com"];

// A host (optionally `*.` for its subdomains, optionally with a port) or an http(s) origin.
const mediaHost = z
  .string()
  .regex(
    /^(https?:\/\/)?(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i,
    "each entry must be a host name (e.g. media-photos.depop.com) or an http(s) origin",
  );

function baseUrl(name: string) {
  return z
    .string({ error: `${name} is required` })
    .trim()
    .refine((value) => URL.canParse(value), `${name} must be an absolute URL`)
    .transform((value) => new URL(value))
    .refine((url) => url.protocol === "https:" || url.protocol === "http:", `${name} must be http(s)`)
    .refine((url) => !url.username && !url.password && !url.hash, `${name} must not carry credentials or a #`);
}

const base64Key = z
  .string()
  .trim()
  .refine((value) => Buffer.from(value, "base64").length === 32, "each key must be 32 bytes, base64-encoded");

/** A whole number within [min, max], `fallback` when unset; the message names the variable and its range. */
function wholeNumber(name: string, fallback: number, min: number, max: number) {
  const message = `${name} must be ${min}-${max}`;
  return z.preprocess(
    (value) => value ?? String(fallback),
    z.coerce.number().int(message).min(min, message).max(max, message),
  );
}

function schema(production: boolean) {
  const devDefault = <T extends z.ZodType>(type: T, fallback: string) =>
    production ? type : z.preprocess((value) => value ?? fallback, type);

  return z
    .object({
      APP_URL: devDefault(baseUrl("APP_URL"), "http://localhost:3000").refine(
        (url) => !production || url.protocol === "https:" || LOCAL_HOSTS.has(url.hostname),
        "APP_URL must use https (plain http is only allowed for localhost)",
      ),
      DEPOP_CLIENT_ID: z.string({ error: "DEPOP_CLIENT_ID is required" }).trim().min(1, "DEPOP_CLIENT_ID is required"),
      DEPOP_CLIENT_SECRET: z
        .string({ error: "DEPOP_CLIENT_SECRET is required" })
        .min(1, "DEPOP_CLIENT_SECRET is required"),
      DEPOP_AUTHORIZE_URL: z.preprocess(
        (value) => value ?? "https://www.depop.com/settings/oauth/apps/",
        baseUrl("DEPOP_AUTHORIZE_URL"),
      ),
      DEPOP_API_URL: z.preprocess((value) => value ?? "https://partnerapi.depop.com", baseUrl("DEPOP_API_URL")),
      DEPOP_SCOPES: z
        .preprocess((value) => value ?? "shop_read products_read", z.string())
        .transform((value) => [...new Set(value.split(/[\s+]+/).filter(Boolean))])
        .pipe(
          z
            .array(z.enum(DEPOP_SCOPES, { error: "DEPOP_SCOPES has an unknown scope" }))
            .refine(
              (scopes) => scopes.includes("shop_read"),
              "DEPOP_SCOPES must include shop_read (it identifies the seller)",
            ),
        ),
      SESSION_SECRET: z
        .string({ error: "SESSION_SECRET is required" })
        .transform((value) => value.split(",").map((part) => part.trim()))
        .refine((parts) => parts.every((part) => part.length >= 32), "SESSION_SECRET must be at least 32 characters"),
      TOKEN_ENCRYPTION_KEY: z
        .string({ error: "TOKEN_ENCRYPTION_KEY is required" })
        .transform((value) => value.split(","))
        .pipe(z.array(base64Key).min(1)),
      DEPOP_HTTP_TIMEOUT_MS: wholeNumber("DEPOP_HTTP_TIMEOUT_MS", 10000, 100, 60_000),
      DATABASE_URL: z
        .preprocess((value) => value ?? "file:./prisma/dev.db", z.string().trim())
        .refine(
          (value) => databaseProvider(value) !== null,
          "DATABASE_URL must be a SQLite file: URL or a postgres:// or postgresql:// URL",
        ),
      DATABASE_POOL_MAX: wholeNumber("DATABASE_POOL_MAX", 5, 1, 100),
      // Depop's published budget for an app: about 100 requests a second across all its sellers.
      DEPOP_MAX_RPS: wholeNumber("DEPOP_MAX_RPS", 100, 1, 10_000),
      // Depop's budget for listing writes (create, update, delete, mark as sold): 20 a second for the whole app.
      DEPOP_MAX_WRITE_RPS: wholeNumber("DEPOP_MAX_WRITE_RPS", 20, 1, 1_000),
      HTTP_COMPRESSION: z.enum(["on", "off"], { error: "HTTP_COMPRESSION must be on or off" }).optional(),
      // A seller makes one callback per Connect; more than this from one client address in a minute is a script.
      CALLBACK_RATE_LIMIT: wholeNumber("CALLBACK_RATE_LIMIT", 120, 1, 100_000),
      DEPOP_MEDIA_HOSTS: z
        .string()
        .optional()
        .transform((value) =>
          value
            ?.split(",")
            .map((part) => part.trim())
            .filter(Boolean),
        )
        .pipe(z.array(mediaHost).min(1, "DEPOP_MEDIA_HOSTS must name at least one host").optional()),
      // Depop's webhook signing secret (Depop hands it out with the webhook registration). `new,old` while Depop
      // rotates it: a delivery signed with any listed secret is accepted. Unset: the webhook route answers 404.
      DEPOP_WEBHOOK_SECRET: z
        .string()
        .optional()
        .transform((value) =>
          (value ?? "")
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean),
        )
        .refine(
          (parts) => parts.every((part) => part.length >= 16),
          "DEPOP_WEBHOOK_SECRET must be at least 16 characters (each, when rotating)",
        ),
      // The bearer token the cron route wants (Vercel Cron sends `Authorization: Bearer <CRON_SECRET>`). Unset: 404.
      CRON_SECRET: z
        .string()
        .optional()
        .transform((value) => value?.trim() || undefined)
        .refine((value) => value === undefined || value.length >= 16, "CRON_SECRET must be at least 16 characters"),
      DATA_RETENTION_DAYS: wholeNumber("DATA_RETENTION_DAYS", 30, 1, 3650),
      // Set by Vercel on every deployment: there an instance has no disk that outlives it.
      VERCEL: z.string().optional(),
    })
    .refine((values) => !values.VERCEL || databaseProvider(values.DATABASE_URL) !== "sqlite", {
      path: ["DATABASE_URL"],
      message:
        "DATABASE_URL must be a PostgreSQL URL on Vercel: a SQLite file is lost on every deploy and cold start, and with it every seller's connection",
    });
}

export type DatabaseProvider = "sqlite" | "postgresql";

/** Which database a DATABASE_URL names, from its scheme alone. */
export function databaseProvider(url: string): DatabaseProvider | null {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\/./.test(url) && URL.canParse(url)) return "postgresql";
  return null;
}

export type Config = {
  appUrl: URL;
  redirectUri: string;
  secureCookies: boolean;
  clientId: string;
  clientSecret: string;
  authorizeUrl: URL;
  apiUrl: URL;
  tokenEndpoint: URL;
  scopes: DepopScope[];
  /** Timeout of every HTTP call to Depop. */
  httpTimeoutMs: number;
  /** Newest first: the first one seals, every one unseals. */
  sessionSecrets: string[];
  /** Newest first: the first one encrypts, every one decrypts. */
  tokenKeys: Buffer[];
  databaseUrl: string;
  databaseProvider: DatabaseProvider;
  /** Connections each process may open to PostgreSQL. */
  databasePoolMax: number;
  /** Requests a second this process may send to Depop (DEPOP_MAX_RPS). */
  depopMaxRps: number;
  /** Listing writes a second this process may send to Depop (DEPOP_MAX_WRITE_RPS), on a budget of their own. */
  depopMaxWriteRps: number;
  /** OAuth callbacks allowed per client address per minute. */
  callbackRateLimit: number;
  /** CSP sources product pictures may come from (Depop's media hosts). */
  mediaSources: string[];
  /** Depop's webhook signing secrets, newest first; empty when webhooks are off. */
  webhookSecrets: string[];
  /** The cron route's bearer secret; undefined when the route is off. */
  cronSecret: string | undefined;
  /** Days stored webhook payloads and order details are kept. */
  dataRetentionDays: number;
};

/** Thrown with a message that names the variables at fault, never their values. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: Record<string, string | undefined>, production: boolean): Config {
  const result = schema(production).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "configuration");
      return issue.message.includes(variable) ? `- ${issue.message}` : `- ${variable}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${[...new Set(problems)].join("\n")}`);
  }
  const values = result.data;
  const appUrl = new URL(values.APP_URL.origin + values.APP_URL.pathname.replace(/\/+$/, ""));
  const apiBase = values.DEPOP_API_URL.href.replace(/\/+$/, "");
  return {
    appUrl,
    redirectUri: `${appUrl.href.replace(/\/+$/, "")}/api/depop/callback`,
    secureCookies: appUrl.protocol === "https:",
    clientId: values.DEPOP_CLIENT_ID,
    clientSecret: values.DEPOP_CLIENT_SECRET,
    authorizeUrl: values.DEPOP_AUTHORIZE_URL,
    apiUrl: new URL(`${apiBase}/`),
    tokenEndpoint: new URL(`${apiBase}/api/v1/oauth2/access-token/`),
    scopes: values.DEPOP_SCOPES,
    httpTimeoutMs: values.DEPOP_HTTP_TIMEOUT_MS,
    sessionSecrets: values.SESSION_SECRET,
    tokenKeys: values.TOKEN_ENCRYPTION_KEY.map((key) => Buffer.from(key, "base64")),
    databaseUrl: values.DATABASE_URL,
    databaseProvider: databaseProvider(values.DATABASE_URL) ?? "sqlite",
    databasePoolMax: values.DATABASE_POOL_MAX,
    callbackRateLimit: values.CALLBACK_RATE_LIMIT,
    depopMaxRps: values.DEPOP_MAX_RPS,
    depopMaxWriteRps: values.DEPOP_MAX_WRITE_RPS,
    mediaSources: mediaSources(values.DEPOP_MEDIA_HOSTS, [values.DEPOP_AUTHORIZE_URL, values.DEPOP_API_URL]),
    webhookSecrets: values.DEPOP_WEBHOOK_SECRET,
    cronSecret: values.CRON_SECRET,
    dataRetentionDays: values.DATA_RETENTION_DAYS,
  };
}

/**
 * The CSP sources for pictures: the hosts DEPOP_MEDIA_HOSTS names (https unless an origin says otherwise), or by
 * default Depop's media hosts plus the origins of a Depop that is not depop.com itself (a local or staging double
 * serving its own pictures). Nothing else.
 */
function mediaSources(configured: string[] | undefined, depop: URL[]): string[] {
  const toSource = (entry: string) => (/^https?:\/\//i.test(entry) ? entry.replace(/\/+$/, "") : `https://${entry}`);
  if (configured) return [...new Set(configured.map(toSource))];
  const doubles = depop.filter((url) => !/(^|\.)depop\.com$/.test(url.hostname)).map((url) => url.origin);
  return [...new Set([...DEPOP_MEDIA_HOSTS.map(toSource), ...doubles])];
}

let cached: Config | undefined;

/** The app's configuration, parsed from the environment once per process. */
export function config(): Config {
  cached ??= parseConfig(process.env, process.env.NODE_ENV === "production");
  return cached;
}
