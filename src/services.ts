import { join } from 'node:path';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { LoginService } from './modules/auth/login.service.js';
import { PasswordHasher } from './modules/auth/password-hasher.js';
import { SigningKeyStore, signingKeyGraceSeconds } from './modules/auth/signing-keys.js';
import { TokenService } from './modules/auth/tokens.js';
import { Mailer } from './modules/mail/mailer.js';
import { UserService } from './modules/users/user.service.js';
import { ClientKeyService } from './modules/client-keys/client-key.service.js';
import { IntrospectionService } from './modules/client-keys/introspection.service.js';
import { TokenGrantService } from './modules/client-keys/token-grant.service.js';
import type { Logger } from './shared/logger.js';
import { BackgroundTasks } from './shared/background-tasks.js';
import { PasswordService } from './modules/passwords/password.service.js';
import { loadDataKey, SecretBox } from './modules/two-factor/secret-box.js';
import { TwoFactorService } from './modules/two-factor/two-factor.service.js';
import { ApiKeyService } from './modules/greencloud/api-key.service.js';
import { ProfileService } from './modules/users/profile.service.js';
import { EventRecorder } from './modules/events/event-recorder.js';
import { EventService } from './modules/events/event.service.js';
import { RetentionJob } from './modules/retention/retention-job.js';
import { SessionService } from './modules/sessions/session.service.js';
import { CredentialLifecycle } from './modules/sessions/credential-lifecycle.js';
import { AbuseProtection } from './modules/abuse/abuse.service.js';
import { AdminService } from './modules/admin/admin.service.js';
import { AdminUserQueries } from './modules/admin/admin-users.service.js';
import { AccountDataService } from './modules/account-data/account-data.service.js';
import { WebhookWorker } from './modules/webhooks/delivery-worker.js';
import { WebhookEndpointService } from './modules/webhooks/webhook-endpoint.service.js';

/** Every domain service, wired once per app. Services know nothing of GraphQL or HTTP. */
export interface Services {
  config: Config;
  logger: Logger;
  db: Database;
  hasher: PasswordHasher;
  mailer: Mailer;
  keys: SigningKeyStore;
  tokens: TokenService;
  users: UserService;
  login: LoginService;
  clientKeys: ClientKeyService;
  grants: TokenGrantService;
  introspection: IntrospectionService;
  /** Work started by a request and not awaited by it; app.close() drains it. */
  background: BackgroundTasks;
  twoFactor: TwoFactorService;
  passwords: PasswordService;
  apiKeys: ApiKeyService;
  profiles: ProfileService;
  /** The audit trail: queries, and the batching recorder behind record()/flush(). */
  events: EventService;
  /** Keeps every table within its `*_RETENTION_DAYS` (docs/retention.md); the app starts and stops it. */
  retention: RetentionJob;
  /** Account sessions: every account token names one. */
  sessions: SessionService;
  /** Per-IP rate limits, login lockout and second-factor failure limits, shared through the database. */
  abuse: AbuseProtection;
  /** Administrators' actions on accounts (disable, enable, end sessions, reset mail, delete). */
  admin: AdminService;
  /** Administrators' reads: account lists and details. */
  adminUsers: AdminUserQueries;
  /** A person's own data: export and account deletion. */
  accountData: AccountDataService;
  /** Webhook endpoints and dead letters, for administrators. */
  webhookEndpoints: WebhookEndpointService;
  /** Delivers the webhook outbox; the app starts and stops it. */
  webhookWorker: WebhookWorker;
}

export async function createServices(config: Config, db: Database, logger: Logger): Promise<Services> {
  const { prisma } = db;
  // First, so a missing or malformed key stops start-up before anything else is opened.
  const dataKey = loadDataKey(config, logger);
  const hasher = new PasswordHasher({
    memoryKib: config.ARGON2_MEMORY_KIB,
    timeCost: config.ARGON2_TIME_COST,
    parallelism: config.ARGON2_PARALLELISM,
  });
  const mailer = new Mailer(
    { from: config.MAIL_FROM, smtpUrl: config.SMTP_URL, outboxDir: join(config.DATA_DIR, 'mail') },
    logger,
  );
  const keys = new SigningKeyStore(prisma, config.SIGNING_KEY, {
    graceSeconds: signingKeyGraceSeconds(config, config.SIGNING_KEYS_RELOAD_SECONDS),
    reloadIntervalMs: config.SIGNING_KEYS_RELOAD_SECONDS * 1000,
    logger,
  });
  await keys.init();
  const tokens = new TokenService(keys, config.PUBLIC_URL, config.SERVICE_NAME);
  const users = new UserService(prisma, hasher, mailer, logger, {
    publicUrl: config.PUBLIC_URL,
    passwordMaxLength: config.PASSWORD_MAX_LENGTH,
    verificationTtlSeconds: config.VERIFICATION_TOKEN_TTL_SECONDS,
  });
  const background = new BackgroundTasks(logger);
  const sessions = new SessionService(prisma, background);
  const lifecycle = new CredentialLifecycle(mailer, logger);
  const abuse = new AbuseProtection(prisma, config, logger, background);
  // Second-factor failures are counted apart from password failures (per account, in the database).
  const secretBox = new SecretBox(dataKey);
  const twoFactor = new TwoFactorService(prisma, secretBox, abuse.secondFactor, config.SERVICE_NAME, lifecycle);
  const login = new LoginService(
    users,
    hasher,
    tokens,
    config.ACCOUNT_TOKEN_TTL_SECONDS,
    config.PASSWORD_MAX_LENGTH,
    twoFactor,
    sessions,
  );
  const passwords = new PasswordService(
    prisma,
    hasher,
    mailer,
    twoFactor,
    login,
    background,
    {
      publicUrl: config.PUBLIC_URL,
      passwordMaxLength: config.PASSWORD_MAX_LENGTH,
      resetCodeTtlSeconds: config.RESET_CODE_TTL_SECONDS,
      resetCodeMaxAttempts: config.RESET_CODE_MAX_ATTEMPTS,
    },
    lifecycle,
  );
  const apiKeys = new ApiKeyService(prisma, login, lifecycle);
  const profiles = new ProfileService(prisma);
  const clientKeys = new ClientKeyService(prisma, { maxKeysPerUser: config.CLIENT_KEYS_MAX });
  const grants = new TokenGrantService(prisma, tokens, keys, clientKeys, {
    clientTokenTtlSeconds: config.CLIENT_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    reuseIntervalSeconds: config.REFRESH_REUSE_INTERVAL_SECONDS,
  });
  const introspection = new IntrospectionService(tokens, clientKeys, prisma);
  const events = new EventService(
    prisma,
    new EventRecorder(prisma, logger, {
      batchSize: config.EVENTS_BATCH_SIZE,
      flushMs: config.EVENTS_FLUSH_MS,
      queueMax: config.EVENTS_QUEUE_MAX,
    }),
  );
  const retention = new RetentionJob(prisma, logger, config);
  const webhookEndpoints = new WebhookEndpointService(prisma, secretBox, {
    allowPrivateUrls: config.WEBHOOK_ALLOW_PRIVATE_URLS,
  });
  const webhookWorker = new WebhookWorker(prisma, secretBox, logger, {
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    backoffBaseMs: config.WEBHOOK_BACKOFF_BASE_MS,
    backoffMaxMs: config.WEBHOOK_BACKOFF_MAX_MS,
    pollMs: config.WEBHOOK_POLL_MS,
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_URLS,
  });
  const adminOptions = {
    service: config.SERVICE_NAME,
    enabled: config.EVENTS_ENABLED,
    deletionEvents: config.ACCOUNT_DELETION_EVENTS,
  };
  const admin = new AdminService(prisma, passwords, events, adminOptions);
  const adminUsers = new AdminUserQueries(prisma, config.TWOFA_FAILURE_LIMIT);
  const accountData = new AccountDataService(prisma, hasher, twoFactor, events, {
    passwordMaxLength: config.PASSWORD_MAX_LENGTH,
    deletionEvents: config.ACCOUNT_DELETION_EVENTS,
  });
  return {
    config,
    logger,
    db,
    hasher,
    mailer,
    keys,
    tokens,
    users,
    login,
    clientKeys,
    grants,
    introspection,
    background,
    twoFactor,
    passwords,
    apiKeys,
    profiles,
    events,
    retention,
    sessions,
    abuse,
    admin,
    adminUsers,
    accountData,
    webhookEndpoints,
    webhookWorker,
  };
}
