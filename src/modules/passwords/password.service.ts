import type { OneTimeCode, PrismaClient, User } from '../../generated/prisma/client.js';
import { asLocale } from '../mail/locale.js';
import type { BackgroundTasks } from '../../shared/background-tasks.js';
import { DomainError } from '../../shared/errors.js';
import { randomHex, sha256 } from '../../shared/ids.js';
import { assertEnabled, type LoginService } from '../auth/login.service.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { assertPasswordAllowed } from '../auth/password-policy.js';
import type { SignedToken } from '../auth/tokens.js';
import type { Mailer } from '../mail/mailer.js';
import type { CredentialLifecycle } from '../sessions/credential-lifecycle.js';
import type { SessionInfo } from '../sessions/session.types.js';
import type { TwoFactorService } from '../two-factor/two-factor.service.js';
import { lockEmail } from '../users/email-lock.js';
import { resetMail } from './password.mails.js';
import { issueResetCode } from './reset-codes.js';
import { emitWebhookEvent } from '../webhooks/outbox.js';

export const RESET_CODE = /^[0-9a-f]{32}$/;
const RESET = 'reset_password';

export interface PasswordServiceOptions {
  publicUrl: string;
  passwordMaxLength: number;
  resetCodeTtlSeconds: number;
  resetCodeMaxAttempts: number;
}

export interface ChangePasswordInput {
  newPassword: string;
  /** Checked when given (Bloq sends it); GreenCloud's path sends none and relies on the token. */
  oldPassword?: string | null;
  /** Required when 2FA is on. */
  twofa?: string | null;
}

export interface ResetPasswordInput {
  code: string;
  password: string;
  twofa?: string | null;
  /** Optional: names the account the code is for; the code must then be that account's. */
  email?: string | null;
  /** Keep the client keys instead of deleting them with the reset (asked for explicitly). */
  keepClientKeys?: boolean | null;
}

/** Password change (old password and/or second factor) and reset by an emailed code. */
export class PasswordService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly twoFactor: TwoFactorService,
    private readonly login: LoginService,
    private readonly background: BackgroundTasks,
    private readonly options: PasswordServiceOptions,
    private readonly lifecycle: CredentialLifecycle,
  ) {}

  /**
   * Changes the password of the token's user. Every other session ends; the caller's session
   * keeps working, and the answer carries a fresh token for it. The old password is checked
   * when given; the second factor is demanded whenever 2FA is on.
   */
  async change(user: User, input: ChangePasswordInput, session: SessionInfo): Promise<SignedToken & { user: User }> {
    const { passwordMaxLength } = this.options;
    assertPasswordAllowed(input.newPassword, user.email, passwordMaxLength);
    if (input.oldPassword !== undefined && input.oldPassword !== null) {
      const old = input.oldPassword.length > passwordMaxLength ? '' : input.oldPassword;
      if (!old || !(await this.hasher.verify(user.passwordHash, old))) {
        throw new DomainError('InvalidOldPassword', { subjectUserId: user.id });
      }
      if (old === input.newPassword) throw new DomainError('SamePassword');
    }
    // Without an old password no "same as now" check: it would let a token holder test guesses.
    await this.twoFactor.assertSecondFactor(user, input.twofa);
    const passwordHash = await this.hasher.hash(input.newPassword);
    const updated = await this.prisma.$transaction(async (tx) => {
      // Conditional on the version read with the session: a change or reset that won a race
      // must not be undone by this request.
      const changed = await tx.user.updateMany({
        where: { id: user.id, tokenVersion: user.tokenVersion },
        data: { passwordHash, tokenVersion: { increment: 1 } },
      });
      if (changed.count !== 1) throw new DomainError('InvalidToken');
      await this.lifecycle.passwordChanged(tx, user.id, session.id);
      await emitWebhookEvent(tx, 'password.changed', { userId: user.id, email: user.email });
      // A reset code mailed before the change must not undo it later.
      await tx.oneTimeCode.updateMany({
        where: { userId: user.id, purpose: RESET, usedAt: null },
        data: { usedAt: new Date() },
      });
      return tx.user.findUniqueOrThrow({ where: { id: user.id } });
    });
    return { user: updated, ...(await this.login.reissue(updated, session)) };
  }

  /**
   * Starts a reset. The answer, and what the request leaves behind for the next one, must be the
   * same whether or not the account exists, or timing tells accounts apart. So both branches do
   * the same work on the request path: one advisory lock and one statement that writes a
   * per-email marker, retires the account's live codes and inserts the new one (for an unknown
   * email it stores no code but still commits a write; see issueResetCode). Only the mail is left for later, as it must be (a mail server can take
   * seconds): it is I/O, handed to the transport off the request path, and holds neither the
   * database nor the event loop. Doing the lookup and the insert in the background instead (as
   * before) made them land on whatever request came next, and only for a real account.
   */
  async requestReset(email: string): Promise<void> {
    if (email.length > 320) throw new DomainError('InvalidInput', { message: 'email is too long.' });
    const emailKey = email.trim().toLowerCase();
    const code = randomHex(16);
    const { publicUrl, resetCodeTtlSeconds } = this.options;
    const issued = await this.prisma.$transaction(async (tx) => {
      // Two requests for one email at once must still leave one live code.
      await lockEmail(tx, emailKey);
      return issueResetCode(tx, emailKey, sha256(code), resetCodeTtlSeconds);
    });
    if (!issued) return;
    const mail = resetMail(publicUrl, issued.email, code, resetCodeTtlSeconds, asLocale(issued.locale));
    this.background.run('password-reset-mail', () => this.mailer.send(mail));
  }

  /**
   * Sets a new password with a reset code (and the second factor when 2FA is on). A wrong code
   * changes nothing; wrong second factors sent with the right code count against it, and it
   * dies after the configured number; a missing second factor or a weak password costs nothing.
   */
  async confirmReset(input: ResetPasswordInput): Promise<User> {
    const { passwordMaxLength, resetCodeMaxAttempts } = this.options;
    // The account-free rules first: they say nothing about the code.
    assertPasswordAllowed(input.password, undefined, passwordMaxLength);
    const code = input.code.trim().toLowerCase();
    const codeHash = RESET_CODE.test(code) ? sha256(code) : undefined;
    const live = await this.liveCode(codeHash, input.email);
    // `attempts` counts only wrong second factors sent with this very code (see countWrongTry).
    if (!live || live.attempts >= resetCodeMaxAttempts) throw new DomainError('InvalidResetCode');
    // Expiry only after a match: otherwise an email plus any code would tell a recent request apart.
    if (live.expiresAt.getTime() <= Date.now()) {
      throw new DomainError('ResetCodeExpired', { subjectUserId: live.userId });
    }
    const user = live.user;
    // A reset must not hand a disabled account back to anyone, the owner included.
    assertEnabled(user);
    assertPasswordAllowed(input.password, user.email, passwordMaxLength);
    try {
      await this.twoFactor.assertSecondFactor(user, input.twofa);
    } catch (error) {
      // Whoever holds the code must not get unlimited guesses at the second factor either.
      if (error instanceof DomainError && error.code === 'InvalidTwoFactorCode') await this.countWrongTry(live);
      throw error;
    }
    const passwordHash = await this.hasher.hash(input.password);
    const { updated, effects } = await this.prisma.$transaction(async (tx) => {
      const spent = await tx.oneTimeCode.updateMany({
        where: { id: live.id, usedAt: null, attempts: { lt: resetCodeMaxAttempts }, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      // Two requests racing with one code: one wins, the other finds it spent.
      if (spent.count !== 1) throw new DomainError('InvalidResetCode', { subjectUserId: user.id });
      const effects = await this.lifecycle.passwordReset(tx, user.id, {
        keepClientKeys: input.keepClientKeys ?? false,
      });
      const updated = await tx.user.update({
        where: { id: user.id },
        data: { passwordHash, tokenVersion: { increment: 1 } },
      });
      await emitWebhookEvent(tx, 'password.reset', { userId: user.id, email: user.email });
      return { updated, effects };
    });
    await this.lifecycle.resetConfirmed(updated.email, effects, asLocale(updated.locale));
    return updated;
  }

  /** The account a reset with this code (and email) is aimed at, for the audit trail. */
  async resetCodeOwner(input: { code: string; email?: string | null }): Promise<string | undefined> {
    const code = input.code.trim().toLowerCase();
    const live = await this.liveCode(RESET_CODE.test(code) ? sha256(code) : undefined, input.email);
    return live?.userId;
  }

  /**
   * The live reset code with this hash, of the named account when an email is given. A wrong
   * code matches no row and is counted against nothing: counting it against the account's live
   * code would let anyone who knows the email void the owner's code. The code's 128 bits and the
   * per-IP limit on confirmations stop guessing.
   */
  private async liveCode(
    codeHash: string | undefined,
    email: string | null | undefined,
  ): Promise<(OneTimeCode & { user: User }) | null> {
    if (!codeHash) return null;
    const named = email !== undefined && email !== null;
    if (named && email.length > 320) return null;
    return this.prisma.oneTimeCode.findFirst({
      where: {
        purpose: RESET,
        usedAt: null,
        codeHash,
        ...(named ? { user: { emailKey: email.trim().toLowerCase() } } : {}),
      },
      include: { user: true },
    });
  }

  /** Counts a wrong second factor sent with the right code: the code's holder gets a few tries, not unlimited. */
  private async countWrongTry(code: OneTimeCode): Promise<void> {
    await this.prisma.oneTimeCode.updateMany({
      where: { id: code.id, usedAt: null },
      data: { attempts: { increment: 1 } },
    });
  }
}
