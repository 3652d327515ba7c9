import { join } from 'node:path';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { LoginService } from './modules/auth/login.service.js';
import { PasswordHasher } from './modules/auth/password-hasher.js';
import { SigningKeyStore } from './modules/auth/signing-keys.js';
import { TokenService } from './modules/auth/tokens.js';
import { Mailer } from './modules/mail/mailer.js';
import { UserService } from './modules/users/user.service.js';
import type { Logger } from './shared/logger.js';

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
}

export async function createServices(config: Config, db: Database, logger: Logger): Promise<Services> {
  const { prisma } = db;
  const hasher = new PasswordHasher({
    memoryKib: config.ARGON2_MEMORY_KIB,
    timeCost: config.ARGON2_TIME_COST,
    parallelism: config.ARGON2_PARALLELISM,
  });
  const mailer = new Mailer(
    { from: config.MAIL_FROM, smtpUrl: config.SMTP_URL, outboxDir: join(config.DATA_DIR, 'mail') },
    logger,
  );
  const keys = new SigningKeyStore(prisma, config.SIGNING_KEY);
  await keys.init();
  const tokens = new TokenService(keys, config.PUBLIC_URL, config.SERVICE_NAME);
  const users = new UserService(prisma, hasher, mailer, logger, {
    publicUrl: config.PUBLIC_URL,
    passwordMaxLength: config.PASSWORD_MAX_LENGTH,
    verificationTtlSeconds: config.VERIFICATION_TOKEN_TTL_SECONDS,
    verificationMaxAttempts: config.VERIFICATION_MAX_ATTEMPTS,
  });
  const login = new LoginService(users, hasher, tokens, config.ACCOUNT_TOKEN_TTL_SECONDS, config.PASSWORD_MAX_LENGTH);
  return { config, logger, db, hasher, mailer, keys, tokens, users, login };
}
