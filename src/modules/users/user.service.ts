import { randomUUID } from 'node:crypto';
import type { PrismaClient, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { newUserId, USER_ID, UUID_V4 } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { consumeCode, issueCode } from '../auth/one-time-codes.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { assertPasswordAllowed } from '../auth/password-policy.js';
import type { Mailer } from '../mail/mailer.js';
import { isUniqueViolation } from '../../db/errors.js';
import { verificationMail } from './user.mails.js';
import { type AddressInput, normalizeAddress, normalizeEmail, pickNames, text } from './user.input.js';

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
  verificationMaxAttempts: number;
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
   * Creates an unverified user and mails a verification token. A second sign-up for an email
   * that is taken answers EmailTaken; if that account is still unverified, its owner gets a
   * fresh token (the mail goes to the address's owner, so this tells the caller nothing new).
   */
  async signUp(input: SignUpInput): Promise<User> {
    const email = normalizeEmail(input.email);
    const emailKey = email.toLowerCase();
    const names = pickNames(input, email);
    const address = normalizeAddress(input.address);
    const entityType = text('entityType', input.entityType ?? 'individual', 40);
    assertPasswordAllowed(input.password, email, this.options.passwordMaxLength);

    const existing = await this.prisma.user.findUnique({ where: { emailKey } });
    if (existing) {
      if (!existing.verifiedAt) await this.resendVerification(existing);
      throw new DomainError('EmailTaken');
    }

    const passwordHash = await this.hasher.hash(input.password);
    const token = randomUUID();
    let user: User;
    try {
      user = await this.prisma.$transaction(async (tx) => {
        const created = await tx.user.create({
          data: {
            id: newUserId(),
            email,
            emailKey,
            passwordHash,
            entityType,
            apiKey: randomUUID(),
            ...names,
            ...address,
          },
        });
        await issueCode(tx, created.id, 'verify_email', token, this.options.verificationTtlSeconds);
        return created;
      });
    } catch (error) {
      // Two sign-ups racing for one email: the unique index lets exactly one through.
      if (isUniqueViolation(error)) throw new DomainError('EmailTaken');
      throw error;
    }
    await this.sendVerification(user, token);
    return user;
  }

  /** Verifies an account with the emailed token. `userRef` is the user id or the email. */
  /** Returns the verified user's id. Failures name the account they were aimed at (for its audit trail). */
  async verifyEmail(userRef: string, token: string): Promise<string> {
    const user = await this.findByRef(userRef);
    if (!user) throw new DomainError('UserNotFound');
    if (user.verifiedAt) throw new DomainError('UserVerified', { subjectUserId: user.id });
    const result = await this.prisma.$transaction(async (tx) => {
      // A malformed token still costs an attempt: it is a guess like any other.
      const check = await consumeCode(
        tx,
        user.id,
        'verify_email',
        UUID_V4.test(token) ? token.toLowerCase() : '',
        this.options.verificationMaxAttempts,
      );
      if (check === 'ok') await tx.user.update({ where: { id: user.id }, data: { verifiedAt: new Date() } });
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

  private async resendVerification(user: User): Promise<void> {
    const token = randomUUID();
    await this.prisma.$transaction((tx) =>
      issueCode(tx, user.id, 'verify_email', token, this.options.verificationTtlSeconds),
    );
    await this.sendVerification(user, token);
  }

  private async sendVerification(user: User, token: string): Promise<void> {
    try {
      await this.mailer.send(verificationMail(this.options.publicUrl, user.email, user.id, token));
    } catch (error) {
      // The account exists either way; signing up again re-sends the token.
      this.logger.error({ err: error, userId: user.id }, 'could not send the verification mail');
    }
  }
}
