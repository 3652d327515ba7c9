import { resolve } from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { isOrigin, originList } from './http/cors.js';

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

/**
 * Every setting the service reads, with its default and a one-line description: docs/configuration.md
 * is generated from it (`npm run docs:config`), and a test fails when a setting has no description.
 */
const schema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('`production` makes `DATA_ENCRYPTION_KEY` required with `DATABASE_URL`'),
  PORT: int(4000).pipe(z.number().max(65535)).describe('HTTP port'),
  HOST: z.string().default('0.0.0.0').describe('interface to listen on'),
  DATA_DIR: z
    .string()
    .default('./data')
    .describe('embedded database (`pglite/`), local mail outbox (`mail/`) and generated data key'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .describe('`postgresql://…`: use this PostgreSQL server instead of the embedded PGlite'),
  DATABASE_POOL_SIZE: int(10, 1).describe('database connections per instance (PostgreSQL)'),
  PUBLIC_URL: z.url().optional().meta({
    description: "base URL in mails and the tokens' issuer (the address clients use)",
    shownDefault: '`http://localhost:$PORT`',
  }),
  SERVICE_NAME: z
    .string()
    .min(1)
    .default('cloud-accounts')
    .describe("`service` of audit events; prefix of the tokens' audience"),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level (`silent` mutes the log)'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .describe('`smtp://user:pass@host:587` or `smtps://…`; unset writes `.eml` files into `DATA_DIR/mail`'),
  ACCOUNT_APP_DIR: z
    .string()
    .min(1)
    .default('dist/account')
    .describe(
      'folder of the built /account app (`npm run build` writes dist/account); relative to the working directory',
    ),
  MAIL_FROM: z.string().min(3).default('Cloud Accounts <no-reply@localhost>').describe('sender of every mail'),
  ARGON2_MEMORY_KIB: int(19456, 1024).describe('argon2id memory cost in KiB'),
  ARGON2_TIME_COST: int(2, 1).describe('argon2id iterations'),
  ARGON2_PARALLELISM: int(1, 1).describe('argon2id lanes'),
  PASSWORD_MAX_LENGTH: int(256, 8).describe('longest password accepted, in characters'),
  /** A private JWK (JSON) to sign with instead of the key kept in the database. */
  SIGNING_KEY: z
    .string()
    .optional()
    .describe('a private Ed25519 JWK (JSON) to sign with instead of the key kept in the database'),
  /** How often each instance re-reads the signing keys, so it picks up a rotation done elsewhere. */
  SIGNING_KEYS_RELOAD_SECONDS: int(30, 1).describe(
    'how often each instance re-reads the signing keys (picks up `keys:rotate` done elsewhere)',
  ),
  ACCOUNT_TOKEN_TTL_SECONDS: int(12 * 3600, 1).describe('account access token lifetime (12 h)'),
  CLIENT_TOKEN_TTL_SECONDS: int(3600, 1).describe('client access token lifetime (1 h)'),
  REFRESH_TOKEN_TTL_SECONDS: int(365 * 24 * 3600, 1).describe('refresh token lifetime (1 year)'),
  VERIFICATION_TOKEN_TTL_SECONDS: int(48 * 3600, 1).describe('email verification token lifetime (48 h)'),
  CLIENT_KEYS_MAX: int(20, 1).describe('client keys a user may hold at once'),
  REFRESH_REUSE_INTERVAL_SECONDS: int(0).describe(
    'seconds a rotated refresh token still gets its successor back (0: never)',
  ),
  RESET_CODE_TTL_SECONDS: int(15 * 60, 1).describe('password reset code lifetime (15 min)'),
  RESET_CODE_MAX_ATTEMPTS: int(5, 1).describe(
    'wrong second-factor codes sent with a right reset code before that code dies (wrong codes themselves spend nothing)',
  ),
  /** 32-byte key (hex or base64) that encrypts TOTP secrets at rest. */
  DATA_ENCRYPTION_KEY: z.string().optional().meta({
    description: '32-byte key (hex or base64) sealing TOTP secrets; required in production with `DATABASE_URL`',
    shownDefault: 'generated into `DATA_DIR`',
  }),
  EVENTS_ENABLED: bool(true).describe('`false` records no audit events (reading them still works)'),
  EVENTS_RETENTION_DAYS: int(90, 1).describe(
    'audit events older than this are deleted (hourly retention job, docs/retention.md)',
  ),
  EVENTS_BATCH_SIZE: int(500, 1).describe('audit events per bulk INSERT; a full batch is written at once'),
  EVENTS_FLUSH_MS: int(1000, 10).describe('longest an audit event waits in memory before its batch is written'),
  EVENTS_QUEUE_MAX: int(50_000, 1).describe('audit events held in memory at most; beyond it new ones are dropped'),
  ACCOUNT_DELETION_EVENTS: z
    .enum(['delete', 'anonymise'])
    .default('delete')
    .describe(
      "a deleted account's audit events: `delete` them, or `anonymise` them (kept under a random `deleted-…` id, client key ids removed)",
    ),
  SESSIONS_RETENTION_DAYS: int(30, 1).describe('ended or expired sessions are deleted after this many days'),
  REFRESH_TOKENS_RETENTION_DAYS: int(30, 1).describe(
    'refresh tokens are deleted this many days after they expired or were revoked',
  ),
  ONE_TIME_CODES_RETENTION_DAYS: int(7, 1).describe(
    'verification and reset codes are deleted this many days after they were used or expired',
  ),
  UNVERIFIED_ACCOUNTS_RETENTION_DAYS: int(30, 3).describe(
    'accounts never verified are deleted this many days after sign-up (verified accounts never are)',
  ),
  RATE_LIMITS_RETENTION_DAYS: int(1, 0).describe(
    'rate-limit and lockout counters are deleted this many days after they expired',
  ),
  WEBHOOK_MESSAGES_RETENTION_DAYS: int(14, 1).describe(
    'webhook messages are deleted this many days after delivery or dead-lettering (pending ones stay)',
  ),
  WEBHOOK_ALLOW_PRIVATE_URLS: bool(false).describe(
    '`true` lets webhook URLs reach loopback, private and link-local addresses (local testing only)',
  ),
  WEBHOOK_MAX_ATTEMPTS: int(15, 1).describe(
    'delivery attempts of a webhook message before it is dead-lettered (15: retries for about 9 to 17 h)',
  ),
  WEBHOOK_TIMEOUT_MS: int(10_000, 100).describe('longest one webhook delivery attempt may take'),
  WEBHOOK_BACKOFF_BASE_MS: int(5000, 1).describe(
    'delay before the first webhook retry (jittered down to half); each later retry doubles it',
  ),
  WEBHOOK_BACKOFF_MAX_MS: int(6 * 3600_000, 1).describe('longest delay between two webhook attempts (6 h)'),
  WEBHOOK_POLL_MS: int(1000, 10).describe('how often each instance looks for due webhook messages'),
  GRAPHQL_INTROSPECTION: bool(true).describe(
    '`false` refuses introspection queries and hides every "Did you mean" hint',
  ),
  GRAPHQL_MAX_DEPTH: int(10, 1).describe('deepest selection nesting per GraphQL operation'),
  GRAPHQL_MAX_ALIASES: int(10, 0).describe('aliases per GraphQL operation'),
  GRAPHQL_MAX_TOKENS: int(1000, 1).describe('lexical tokens per GraphQL document'),
  GRAPHQL_MAX_COST: int(100_000, 1).describe('graphql-armor cost per GraphQL operation'),
  GRAPHQL_MAX_DIRECTIVES: int(20, 0).describe('directives per GraphQL operation'),
  TRUST_PROXY: z
    .string()
    .default('')
    .refine(isTrustList, 'must be comma-separated IPs, CIDR ranges or loopback/linklocal/uniquelocal')
    .describe('comma-separated proxies (IPs, CIDRs, `loopback`, …) whose `X-Forwarded-For` hops are believed'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .refine((v) => originList(v).every(isOrigin), 'must be comma-separated origins such as https://app.example.com')
    .describe(
      'comma-separated origins (`https://app.example.com`) whose pages may call REST and `/graphql`; empty: none',
    ),
  /** Per-IP rate limits, login lockout and second-factor failure limits (README: Limits and lockout). */
  RATE_LIMITS_ENABLED: bool(true).describe('per-IP rate limits, login lockout and the second-factor failure limit'),
  LOGIN_LOCKOUT_THRESHOLD: int(30, 1).describe(
    'login failures per account and IP before that IP is locked out of the account',
  ),
  LOGIN_LOCKOUT_STEP_SECONDS: int(60, 1).describe('the n-th lockout lasts n times this'),
  LOGIN_LOCKOUT_MAX_SECONDS: int(900, 1).describe('longest lockout (15 min)'),
  LOGIN_FAILURE_WINDOW_SECONDS: int(12 * 3600, 1).describe(
    'login failures are forgotten after this long without an attempt (12 h)',
  ),
  TWOFA_FAILURE_LIMIT: int(5, 1).describe(
    'wrong second-factor codes per account per window; then 429 until the window ends',
  ),
  TWOFA_FAILURE_WINDOW_SECONDS: int(900, 1).describe('the second-factor failure window (15 min)'),
  RATE_LIMIT_LOGIN: rate('60/60').describe('per IP: password and API-key login'),
  RATE_LIMIT_TOKEN: rate('120/60').describe(
    'per IP: `POST /auth/token` grants, `/oauth2/token`, `/oauth2/revoke` and the /account app session cookie endpoints',
  ),
  RATE_LIMIT_SIGNUP: rate('10/3600').describe('per IP: sign-up'),
  RATE_LIMIT_VERIFY: rate('30/3600').describe('per IP: email verification'),
  RATE_LIMIT_RESET_REQUEST: rate('10/3600').describe('per IP: password reset requests'),
  RATE_LIMIT_RESET_CONFIRM: rate('30/3600').describe('per IP: setting a password with a reset code'),
  RATE_LIMIT_PASSWORD_CHANGE: rate('20/3600').describe('per IP: password changes'),
  RATE_LIMIT_TWOFA: rate('30/900').describe('per IP: second-factor setup, enable and disable'),
  REQUEST_BODY_LIMIT_BYTES: int(1024 * 1024, 1024).describe(
    'largest request body, REST and `/graphql` (413 beyond it)',
  ),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0).describe('how long SIGTERM waits for in-flight requests'),
  METRICS_ENABLED: bool(true).describe('Prometheus metrics at `/metrics` (docs/observability.md)'),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe('serve `/metrics` on this port instead of the service port (then not on the main port)'),
});
export { schema as configSchema };

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
