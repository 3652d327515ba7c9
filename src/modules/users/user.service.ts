import { randomUUID } from 'node:crypto';
import { asLocale, type Locale } from '../mail/locale.js';
import type { PrismaClient, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { newUserId, USER_ID, UUID_V4 } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { consumeCode, issueCode } from '../auth/one-time-codes.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { assertPasswordAllowed } from '../auth/password-policy.js';
import type { Mailer } from '../mail/mailer.js';
import { isUniqueViolation } from '../../db/errors.js';
import { lockEmail } from './email-lock.js';
import { verificationMail, type VerificationOrigin } from './user.mails.js';
import { type AddressInput, normalizeAddress, normalizeEmail, pickNames, text } from './user.input.js';
import { emitWebhookEvent } from '../webhooks/outbox.js';

export interface SignUpInput {
  email: string;
  password: string;
  displayName?: string | null;
  name?: string | null;
  surname?: string | null;
  entityType?: string | null;
  address?: AddressInput | null;
}

export interface UserServiceOptions {
  publicUrl: string;
  passwordMaxLength: number;
  verificationTtlSeconds: number;
}

/** Where a sign-up came from; the resolver passes the caller's address (ctx.clientIp). */
export interface SignUpOrigin {
  clientIp: string;
  /** Language of the account's mails, from the sign-up's Accept-Language. */
  locale?: Locale;
}

export class UserService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
    private readonly options: UserServiceOptions,
  ) {}

  /**
   * Creates an unverified user and mails a verification token. An email whose account is
   * verified answers EmailTaken. One that is still unverified belongs to nobody yet: the newest
   * sign-up replaces the pending attempt (password and profile) and retires every token mailed
   * before, so whoever signed up first with someone else's address cannot have the owner verify
   * an account that opens with the first comer's password. The mail says when and from where
   * the sign-up came, so an owner who did not ask can tell.
   */
  async signUp(input: SignUpInput, origin: SignUpOrigin): Promise<User> {
    const email = normalizeEmail(input.email);
    const emailKey = email.toLowerCase();
    const names = pickNames(input, email);
    const address = normalizeAddress(input.address);
    const entityType = text('entityType', input.entityType ?? 'individual', 40);
    assertPasswordAllowed(input.password, email, this.options.passwordMaxLength);

    const passwordHash = await this.hasher.hash(input.password);
    const token = randomUUID();
    const requestedAt = new Date();
    let user: User | null;
    try {
      user = await this.prisma.$transaction(async (tx) => {
        // Sign-ups of one email queue here, whatever the interleaving: without the lock two
        // re-sign-ups each retire the codes they can see and both insert one, leaving two live.
        await lockEmail(tx, emailKey);
        const existing = await tx.user.findUnique({ where: { emailKey } });
        if (existing?.verifiedAt) return null;
        const profile = { email, passwordHash, entityType, locale: origin.locale ?? 'en', ...names, ...address };
        const attempt = existing
          ? // A fresh createdAt too: the answer must not tell that an earlier attempt existed.
            await tx.user.update({ where: { id: existing.id }, data: { ...profile, createdAt: requestedAt } })
          : await tx.user.create({ data: { id: newUserId(), emailKey, apiKey: randomUUID(), ...profile } });
        await issueCode(tx, attempt.id, 'verify_email', token, this.options.verificationTtlSeconds);
        await emitWebhookEvent(tx, 'user.created', { userId: attempt.id, email: attempt.email });
        return attempt;
      });
    } catch (error) {
      // The lock makes this unreachable for one email; kept so a surprise stays a clean 409.
      if (isUniqueViolation(error)) throw new DomainError('EmailTaken');
      throw error;
    }
    if (!user) throw new DomainError('EmailTaken');
    await this.sendVerification(user, token, { requestedAt, clientIp: origin.clientIp });
    return user;
  }

  /** Verifies an account with the emailed token. `userRef` is the user id or the email. */
  /** Returns the verified user's id. Failures name the account they were aimed at (for its audit trail). */
  async verifyEmail(userRef: string, token: string): Promise<string> {
    const user = await this.findByRef(userRef);
    if (!user) throw new DomainError('UserNotFound');
    if (user.verifiedAt) throw new DomainError('UserVerified', { subjectUserId: user.id });
    const result = await this.prisma.$transaction(async (tx) => {
      // Serialised with sign-ups of this email: a token is checked against the attempt that is
      // current, never against one a concurrent sign-up is replacing.
      await lockEmail(tx, user.emailKey);
      const check = await consumeCode(tx, user.id, 'verify_email', UUID_V4.test(token) ? token.toLowerCase() : '');
      if (check === 'ok') await tx.user.update({ where: { id: user.id }, data: { verifiedAt: new Date() } });
      if (check === 'ok') await emitWebhookEvent(tx, 'user.verified', { userId: user.id, email: user.email });
      return check;
    });
    if (result === 'expired') throw new DomainError('VerificationTokenExpired', { subjectUserId: user.id });
    if (result === 'invalid') throw new DomainError('InvalidVerificationToken', { subjectUserId: user.id });
    return user.id;
  }

  findById(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  /** A user by id (`user-<uuid>`) or by email, case-insensitively. */
  findByRef(ref: string): Promise<User | null> {
    if (ref.length > 320) return Promise.resolve(null);
    if (USER_ID.test(ref)) return this.findById(ref);
    return this.prisma.user.findUnique({ where: { emailKey: ref.trim().toLowerCase() } });
  }

  private async sendVerification(user: User, token: string, origin: VerificationOrigin): Promise<void> {
    try {
      await this.mailer.send(
        verificationMail(this.options.publicUrl, user.email, user.id, token, origin, asLocale(user.locale)),
      );
    } catch (error) {
      // The account exists either way; signing up again re-sends the token.
      this.logger.error({ err: error, userId: user.id }, 'could not send the verification mail');
    }
  }
}
