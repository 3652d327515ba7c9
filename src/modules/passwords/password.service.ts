import type { OneTimeCode, PrismaClient, User } from '../../generated/prisma/client.js';
import type { BackgroundTasks } from '../../shared/background-tasks.js';
import { DomainError } from '../../shared/errors.js';
import { randomHex, sameDigest, sha256 } from '../../shared/ids.js';
import type { LoginService } from '../auth/login.service.js';
import { issueCode } from '../auth/one-time-codes.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { assertPasswordAllowed } from '../auth/password-policy.js';
import type { SignedToken } from '../auth/tokens.js';
import type { Mailer } from '../mail/mailer.js';
import type { CredentialLifecycle } from '../sessions/credential-lifecycle.js';
import type { SessionInfo } from '../sessions/session.types.js';
import type { TwoFactorService } from '../two-factor/two-factor.service.js';
import { resetMail } from './password.mails.js';

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
  /**
   * Optional: names the account the code is for. Without it a wrong code matches no row and can
   * be counted against nothing; with it, every wrong guess counts against that account's code.
   */
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
   * Starts a reset. The answer is the same, in the same time, whether or not the account
   * exists: the lookup, the code and the mail all happen after the request has been answered.
   */
  requestReset(email: string): void {
    if (email.length > 320) throw new DomainError('InvalidInput', { message: 'email is too long.' });
    this.background.run('password-reset-mail', () => this.sendResetCode(email));
  }

  private async sendResetCode(email: string): Promise<void> {
    const user = await this.prisma.user.findUnique({ where: { emailKey: email.trim().toLowerCase() } });
    if (!user) return;
    const code = randomHex(16);
    await this.prisma.$transaction((tx) => issueCode(tx, user.id, RESET, code, this.options.resetCodeTtlSeconds));
    await this.mailer.send(resetMail(this.options.publicUrl, user.email, code, this.options.resetCodeTtlSeconds));
  }

  /**
   * Sets a new password with a reset code (and the second factor when 2FA is on). Wrong codes
   * and wrong second factors count against the live code, which dies after the configured
   * number; a missing second factor or a weak password changes nothing and costs nothing.
   */
  async confirmReset(input: ResetPasswordInput): Promise<User> {
    const { passwordMaxLength, resetCodeMaxAttempts } = this.options;
    // The account-free rules first: they say nothing about the code.
    assertPasswordAllowed(input.password, undefined, passwordMaxLength);
    const code = input.code.trim().toLowerCase();
    const codeHash = RESET_CODE.test(code) ? sha256(code) : undefined;
    const live = await this.liveCode(codeHash, input.email);
    if (!live || live.attempts >= resetCodeMaxAttempts) throw new DomainError('InvalidResetCode');
    if (!codeHash || !sameDigest(codeHash, live.codeHash)) {
      await this.countWrongTry(live);
      throw new DomainError('InvalidResetCode', { subjectUserId: live.userId });
    }
    // Expiry only after a match: otherwise an email plus any code would tell a recent request apart.
    if (live.expiresAt.getTime() <= Date.now()) {
      throw new DomainError('ResetCodeExpired', { subjectUserId: live.userId });
    }
    const user = live.user;
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
      return { updated, effects };
    });
    await this.lifecycle.resetConfirmed(updated.email, effects);
    return updated;
  }

  /** The account a reset with this code (and email) is aimed at, for the audit trail. */
  async resetCodeOwner(input: { code: string; email?: string | null }): Promise<string | undefined> {
    const code = input.code.trim().toLowerCase();
    const live = await this.liveCode(RESET_CODE.test(code) ? sha256(code) : undefined, input.email);
    return live?.userId;
  }

  /**
   * The live reset code a request is about. With an email, that account's newest live code
   * (whatever code was sent, so wrong guesses can be counted); without one, the live code with
   * this hash. Only the newest code of an account is ever live (issueCode retires the rest).
   */
  private async liveCode(
    codeHash: string | undefined,
    email: string | null | undefined,
  ): Promise<(OneTimeCode & { user: User }) | null> {
    if (email !== undefined && email !== null) {
      if (email.length > 320) return null;
      return this.prisma.oneTimeCode.findFirst({
        where: { purpose: RESET, usedAt: null, user: { emailKey: email.trim().toLowerCase() } },
        orderBy: { createdAt: 'desc' },
        include: { user: true },
      });
    }
    if (!codeHash) return null;
    return this.prisma.oneTimeCode.findFirst({
      where: { purpose: RESET, usedAt: null, codeHash },
      include: { user: true },
    });
  }

  private async countWrongTry(code: OneTimeCode): Promise<void> {
    await this.prisma.oneTimeCode.updateMany({
      where: { id: code.id, usedAt: null },
      data: { attempts: { increment: 1 } },
    });
  }
}
