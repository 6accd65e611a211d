import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

/** Where gerbang keeps its data: a SQLite file (default) or a PostgreSQL database shared by several instances. */
export type DatabaseConfig =
  | {
      readonly dialect: 'sqlite';
      /** File path, or `:memory:`. */
      readonly path: string;
    }
  | {
      readonly dialect: 'postgresql';
      /** `postgres://user:password@host:port/database`. */
      readonly url: string;
    };

/** The database for logs and messages: the file, or the server URL without its password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.dialect === 'sqlite') return database.path;
  const url = new URL(database.url);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Which payment provider gerbang talks to. */
export type ProviderMode = 'midtrans' | 'simulator';

/** The validated, frozen configuration of one gerbang process. */
export interface Config {
  readonly secretKey: string | undefined;
  readonly midtrans: {
    readonly serverKey: string | undefined;
    readonly clientKey: string | undefined;
    readonly merchantId: string | undefined;
    readonly isProduction: boolean;
    readonly snapBaseUrl: string;
    readonly apiBaseUrl: string;
    readonly timeoutMs: number;
    /**
     * Where each Snap payment asks Midtrans to send its notifications (X-Override-Notification or
     * X-Append-Notification), or undefined when the dashboard's URL applies.
     */
    readonly notification: { readonly header: 'X-Override-Notification' | 'X-Append-Notification'; readonly url: string } | undefined;
  };
  readonly provider: ProviderMode;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly database: DatabaseConfig;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly reconcile: {
    /** Open payments are checked with Midtrans once they are this old. */
    readonly afterMs: number;
    /** The same payment is checked at most this often. */
    readonly intervalMs: number;
    /** Lifetime of a Snap payment page (Midtrans' default: 24 hours). */
    readonly snapExpiryMs: number;
  };
  readonly webhookTimeoutMs: number;
  /** How long Midtrans' answer to a status check is reused for the same order (0: ask every time). */
  readonly statusCacheMs: number;
  readonly adminSessions: { readonly idleMs: number; readonly absoluteMs: number };
  /** Bearer token for /metrics from other hosts; without it /metrics answers loopback only. */
  readonly metricsToken: string | undefined;
  /** A file that receives the JSON log lines too (the old gateway's app.log). */
  readonly logFile: string | undefined;
}

/** Raised when the environment holds values gerbang cannot start with; one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`gerbang cannot start, the configuration has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const booleanish = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', ''].includes(v), 'must be true or false')
  .transform((v) => ['true', '1', 'yes'].includes(v));

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL such as https://example.com')
  .transform((v) => v.replace(/\/+$/, ''));

function wholeNumber(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`)
    .optional();
}

const envSchema = z.object({
  SECRET_KEY: optionalText,
  MIDTRANS_SERVER_KEY: optionalText,
  MIDTRANS_CLIENT_KEY: optionalText,
  MIDTRANS_MERCHANT_ID: optionalText,
  MIDTRANS_IS_PRODUCTION: booleanish.optional(),
  MIDTRANS_SNAP_BASE_URL: url.optional(),
  MIDTRANS_API_BASE_URL: url.optional(),
  MIDTRANS_NOTIFICATION_MODE: z.enum(['override', 'append', 'off'], { error: 'must be override, append or off' }).optional(),
  MIDTRANS_TIMEOUT_MS: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .refine((n) => n >= 100 && n <= 120_000, 'must be between 100 and 120000')
    .optional(),
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, 'must be between 0 and 65535')
    .optional(),
  HOST: optionalText,
  PUBLIC_URL: url.optional(),
  DATABASE_URL: optionalText,
  RECONCILE_AFTER_SECONDS: wholeNumber(10, 7 * 86400),
  RECONCILE_INTERVAL_SECONDS: wholeNumber(10, 86400),
  SNAP_EXPIRY_MINUTES: wholeNumber(5, 7 * 1440),
  WEBHOOK_TIMEOUT_MS: wholeNumber(1000, 60_000),
  STATUS_CACHE_MS: wholeNumber(0, 60_000),
  METRICS_TOKEN: optionalText,
  LOG_FILE: optionalText,
  ADMIN_SESSION_IDLE_MINUTES: wholeNumber(1, 24 * 60),
  ADMIN_SESSION_MAX_HOURS: wholeNumber(1, 24 * 30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

const MIDTRANS_HOSTS = {
  sandbox: { snap: 'https://app.sandbox.midtrans.com', api: 'https://api.sandbox.midtrans.com' },
  production: { snap: 'https://app.midtrans.com', api: 'https://api.midtrans.com' },
} as const;

/** The default database: a SQLite file under ./data. */
export const DEFAULT_DATABASE_URL = 'sqlite:data/gerbang.sqlite';

/**
 * Parses DATABASE_URL: `postgres://…` or `postgresql://…` for PostgreSQL; for SQLite `sqlite:path`,
 * `sqlite://path`, `file:path`, a plain path or `:memory:`.
 */
export function parseDatabaseUrl(value: string): DatabaseConfig {
  if (value === ':memory:' || value === 'sqlite::memory:') return { dialect: 'sqlite', path: ':memory:' };
  const match = /^(?:sqlite|file):(?:\/\/)?(.+)$/.exec(value);
  if (match) return { dialect: 'sqlite', path: match[1] };
  if (/^postgres(?:ql)?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error('not a valid postgres:// URL');
    }
    if (!url.hostname || url.pathname.length < 2)
      throw new Error('a PostgreSQL URL needs a host and a database name: postgres://user:password@host:5432/gerbang');
    return { dialect: 'postgresql', url: value };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new Error(`unsupported database "${value.split(':')[0]}"; use sqlite:<path> or postgres://user:password@host:5432/gerbang`);
  }
  return { dialect: 'sqlite', path: value };
}

/**
 * Reads the configuration from `env` (the process environment, after a `.env` file in the working
 * directory has filled in what the environment does not set). Throws ConfigError naming every bad value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const parsed = envSchema.safeParse(pickKnown(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const isProduction = e.MIDTRANS_IS_PRODUCTION ?? false;
  const hosts = isProduction ? MIDTRANS_HOSTS.production : MIDTRANS_HOSTS.sandbox;

  if (isProduction && !e.MIDTRANS_SERVER_KEY) {
    problems.push('MIDTRANS_SERVER_KEY: required when MIDTRANS_IS_PRODUCTION=true (gerbang only simulates payments outside production)');
  }
  const keyProblem = e.MIDTRANS_SERVER_KEY ? serverKeyProblem(e.MIDTRANS_SERVER_KEY, isProduction) : undefined;
  if (keyProblem) problems.push(`MIDTRANS_SERVER_KEY: ${keyProblem}`);
  if (isProduction && (!e.SECRET_KEY || e.SECRET_KEY.length < 16)) {
    problems.push('SECRET_KEY: required in production, at least 16 characters (for example `openssl rand -hex 32`)');
  }

  let database: DatabaseConfig | undefined;
  try {
    database = parseDatabaseUrl(e.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  } catch (error) {
    problems.push(`DATABASE_URL: ${(error as Error).message}`);
  }
  if (database?.dialect === 'postgresql' && (!e.SECRET_KEY || e.SECRET_KEY.length < 16)) {
    problems.push('SECRET_KEY: required with PostgreSQL, at least 16 characters: every instance needs the same key to read webhook secrets');
  }
  if (problems.length > 0 || !database) throw new ConfigError(problems);

  const port = e.PORT ?? 5000;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${port}`;
  return deepFreeze({
    secretKey: e.SECRET_KEY,
    midtrans: {
      serverKey: e.MIDTRANS_SERVER_KEY,
      clientKey: e.MIDTRANS_CLIENT_KEY,
      merchantId: e.MIDTRANS_MERCHANT_ID,
      isProduction,
      snapBaseUrl: e.MIDTRANS_SNAP_BASE_URL ?? hosts.snap,
      apiBaseUrl: e.MIDTRANS_API_BASE_URL ?? hosts.api,
      timeoutMs: e.MIDTRANS_TIMEOUT_MS ?? 10_000,
      notification: notificationTarget(publicUrl, e.MIDTRANS_NOTIFICATION_MODE ?? 'override'),
    },
    provider: e.MIDTRANS_SERVER_KEY ? 'midtrans' : 'simulator',
    port,
    host: e.HOST ?? '0.0.0.0',
    publicUrl,
    database,
    logLevel: e.LOG_LEVEL ?? 'info',
    reconcile: {
      afterMs: (e.RECONCILE_AFTER_SECONDS ?? 900) * 1000,
      intervalMs: (e.RECONCILE_INTERVAL_SECONDS ?? 300) * 1000,
      snapExpiryMs: (e.SNAP_EXPIRY_MINUTES ?? 1440) * 60_000,
    },
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS ?? 10_000,
    statusCacheMs: e.STATUS_CACHE_MS ?? 1000,
    adminSessions: {
      idleMs: (e.ADMIN_SESSION_IDLE_MINUTES ?? 30) * 60_000,
      absoluteMs: (e.ADMIN_SESSION_MAX_HOURS ?? 12) * 3_600_000,
    },
    metricsToken: e.METRICS_TOKEN,
    logFile: e.LOG_FILE,
  } satisfies Config);
}

/**
 * What is wrong with a server key for the chosen environment, if anything. Midtrans' keys carry their
 * kind in the prefix: `SB-Mid-server-` (Sandbox), `Mid-server-` (Production), `…-client-` (a client key,
 * for Snap.js only). A key of the wrong kind only ever earns HTTP 401 from Midtrans.
 */
export function serverKeyProblem(key: string, isProduction: boolean): string | undefined {
  if (/^(SB-)?Mid-client-/i.test(key)) {
    return 'this is a client key (…Mid-client-…); paste the Server Key from the Midtrans dashboard (Settings → Access Keys) instead';
  }
  if (isProduction && key.startsWith('SB-')) return 'this is a Sandbox key (SB-Mid-server-…) but MIDTRANS_IS_PRODUCTION=true';
  if (!isProduction && key.startsWith('Mid-server-')) {
    return 'this is a Production key (Mid-server-…) but MIDTRANS_IS_PRODUCTION is false: set MIDTRANS_IS_PRODUCTION=true, or use the Sandbox key (SB-Mid-server-…)';
  }
  return undefined;
}

/** Whether a URL points at this machine only (Midtrans could never reach it). */
export function isLoopbackUrl(value: string): boolean {
  const host = new URL(value).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '0.0.0.0';
}

/** The notification URL each Snap payment carries, unless PUBLIC_URL is loopback or the mode is off. */
function notificationTarget(publicUrl: string, mode: 'override' | 'append' | 'off'): Config['midtrans']['notification'] {
  if (mode === 'off' || isLoopbackUrl(publicUrl)) return undefined;
  return { header: mode === 'override' ? 'X-Override-Notification' : 'X-Append-Notification', url: `${publicUrl}/notifications/midtrans` };
}

/** The process environment with a `.env` file from the working directory filled in underneath. */
export function readEnvironment(): NodeJS.ProcessEnv {
  const fromFile = loadDotenv({ quiet: true, processEnv: {} }).parsed ?? {};
  return { ...fromFile, ...process.env };
}

function pickKnown(env: NodeJS.ProcessEnv): Record<string, string> {
  const known: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    // An empty value (`PUBLIC_URL=` in .env) means "use the default".
    if (value !== undefined && value.trim() !== '') known[key] = value;
  }
  return known;
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (inner && typeof inner === 'object') deepFreeze(inner as object);
  }
  return Object.freeze(value);
}
