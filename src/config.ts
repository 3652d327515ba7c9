import { resolve } from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

// proxy-addr throws on a bad entry; checked here so start-up fails with a config line, not a stack.
function isTrustList(value: string): boolean {
  try {
    proxyaddr.compile(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    return true;
  } catch {
    return false;
  }
}

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
/** A per-IP rate limit written `<requests>/<seconds>`, e.g. `60/60`. */
const rate = (fallback: string) =>
  z
    .string()
    .regex(/^[1-9]\d*\/[1-9]\d*$/, 'must be <requests>/<seconds>, e.g. 60/60')
    .default(fallback)
    .transform((v) => ({ points: Number(v.split('/')[0]), duration: Number(v.split('/')[1]) }));

/** Every setting the service reads, with its default. README lists each one. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(4000).pipe(z.number().max(65535)),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: int(10, 1),
  PUBLIC_URL: z.url().optional(),
  SERVICE_NAME: z.string().min(1).default('cloud-accounts'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Cloud Accounts <no-reply@localhost>'),
  ARGON2_MEMORY_KIB: int(19456, 1024),
  ARGON2_TIME_COST: int(2, 1),
  ARGON2_PARALLELISM: int(1, 1),
  PASSWORD_MAX_LENGTH: int(256, 8),
  /** A private JWK (JSON) to sign with instead of the key kept in the database. */
  SIGNING_KEY: z.string().optional(),
  /** How often each instance re-reads the signing keys, so it picks up a rotation done elsewhere. */
  SIGNING_KEYS_RELOAD_SECONDS: int(30, 1),
  ACCOUNT_TOKEN_TTL_SECONDS: int(12 * 3600, 1),
  CLIENT_TOKEN_TTL_SECONDS: int(3600, 1),
  REFRESH_TOKEN_TTL_SECONDS: int(365 * 24 * 3600, 1),
  VERIFICATION_TOKEN_TTL_SECONDS: int(48 * 3600, 1),
  CLIENT_KEYS_MAX: int(20, 1),
  REFRESH_REUSE_INTERVAL_SECONDS: int(0),
  RESET_CODE_TTL_SECONDS: int(15 * 60, 1),
  RESET_CODE_MAX_ATTEMPTS: int(5, 1),
  /** 32-byte key (hex or base64) that encrypts TOTP secrets at rest. */
  DATA_ENCRYPTION_KEY: z.string().optional(),
  EVENTS_ENABLED: bool(true),
  EVENTS_RETENTION_DAYS: int(90, 1),
  EVENTS_BATCH_SIZE: int(500, 1),
  EVENTS_FLUSH_MS: int(1000, 10),
  EVENTS_QUEUE_MAX: int(50_000, 1),
  /** Days an ended or expired session is kept before the retention job deletes it. */
  SESSIONS_RETENTION_DAYS: int(30, 1),
  GRAPHQL_INTROSPECTION: bool(true),
  GRAPHQL_MAX_DEPTH: int(10, 1),
  GRAPHQL_MAX_ALIASES: int(10, 0),
  GRAPHQL_MAX_TOKENS: int(1000, 1),
  GRAPHQL_MAX_COST: int(100_000, 1),
  GRAPHQL_MAX_DIRECTIVES: int(20, 0),
  TRUST_PROXY: z
    .string()
    .default('')
    .refine(isTrustList, 'must be comma-separated IPs, CIDR ranges or loopback/linklocal/uniquelocal'),
  /** Per-IP rate limits, login lockout and second-factor failure limits (README: Limits and lockout). */
  RATE_LIMITS_ENABLED: bool(true),
  LOGIN_LOCKOUT_THRESHOLD: int(30, 1),
  LOGIN_LOCKOUT_STEP_SECONDS: int(60, 1),
  LOGIN_LOCKOUT_MAX_SECONDS: int(900, 1),
  LOGIN_FAILURE_WINDOW_SECONDS: int(12 * 3600, 1),
  TWOFA_FAILURE_LIMIT: int(5, 1),
  TWOFA_FAILURE_WINDOW_SECONDS: int(900, 1),
  RATE_LIMIT_LOGIN: rate('60/60'),
  RATE_LIMIT_TOKEN: rate('120/60'),
  RATE_LIMIT_SIGNUP: rate('10/3600'),
  RATE_LIMIT_VERIFY: rate('30/3600'),
  RATE_LIMIT_RESET_REQUEST: rate('10/3600'),
  RATE_LIMIT_RESET_CONFIRM: rate('30/3600'),
  RATE_LIMIT_PASSWORD_CHANGE: rate('20/3600'),
  RATE_LIMIT_TWOFA: rate('30/900'),
  REQUEST_BODY_LIMIT_BYTES: int(1024 * 1024, 1024),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0),
  /** Prometheus metrics at /metrics (docs/observability.md). */
  METRICS_ENABLED: bool(true),
  /** Serve /metrics on this port instead of the service's own (then not on the main port). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Env = z.input<typeof schema>;
type Parsed = z.output<typeof schema>;

export interface Config extends Omit<Parsed, 'PUBLIC_URL' | 'DATA_DIR'> {
  PUBLIC_URL: string;
  DATA_DIR: string;
}

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(`invalid configuration:\n${lines.join('\n')}`);
  }
}

/** Reads the environment into a typed config; one line per bad value, never the value itself. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as they do in most .env files and compose files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const parsed = result.data;
  return {
    ...parsed,
    DATA_DIR: resolve(parsed.DATA_DIR),
    PUBLIC_URL: (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ''),
  };
}
