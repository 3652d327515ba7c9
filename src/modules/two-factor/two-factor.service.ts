import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { PrismaClient, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { randomHex, sha256 } from '../../shared/ids.js';
import type { CredentialLifecycle } from '../sessions/credential-lifecycle.js';
import type { SessionInfo } from '../sessions/session.types.js';
import type { SecondFactorAttempts } from './second-factor-attempts.js';
import type { SecretBox } from './secret-box.js';
import { emitWebhookEvent } from '../webhooks/outbox.js';

export const RECOVERY_CODE_COUNT = 10;
const TOTP_CODE = /^\d{6}$/;
// 80 bits: stored as SHA-256, a leaked table still cannot be brute-forced offline.
const RECOVERY_CODE = /^[0-9a-f]{20}$/;

export interface TwoFactorSetup {
  /** Base32 TOTP secret (GreenCloud's "seed"), for typing into an authenticator app. */
  secret: string;
  /** `otpauth://totp/...` for a QR code. */
  uri: string;
}

/** The parts of a user the second-factor check reads. */
export type TwoFactorUser = Pick<User, 'id' | 'email' | 'totpSecret' | 'totpEnabledAt'>;

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of clock drift either way) with ten one-time
 * recovery codes. Secrets are sealed with AES-256-GCM at rest. A TOTP code is accepted only for
 * a time step later than the last accepted one, and a recovery code only while unused, each
 * through one conditional update, so neither can be replayed, even by two racing requests.
 */
export class TwoFactorService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly box: SecretBox,
    private readonly attempts: SecondFactorAttempts,
    private readonly issuer: string,
    private readonly lifecycle: CredentialLifecycle,
  ) {}

  isEnabled(user: Pick<User, 'totpSecret' | 'totpEnabledAt'>): boolean {
    return user.totpEnabledAt !== null && user.totpSecret !== null;
  }

  /** Starts (or restarts) setup: a new secret waits for its first code in `enable`. */
  async setup(user: User): Promise<TwoFactorSetup> {
    if (this.isEnabled(user)) throw new DomainError('TwoFactorAlreadyEnabled');
    const secret = new Secret({ size: 20 });
    const stored = await this.prisma.user.updateMany({
      where: { id: user.id, totpEnabledAt: null },
      data: { totpPendingSecret: this.box.seal(secret.base32, sealContext(user.id)) },
    });
    if (stored.count !== 1) throw new DomainError('TwoFactorAlreadyEnabled');
    return { secret: secret.base32, uri: this.totp(secret.base32, user.email).toString() };
  }

  /** Turns 2FA on with a first code from the pending secret; returns the recovery codes, shown once. */
  async enable(user: User, code: string, session: SessionInfo): Promise<string[]> {
    if (this.isEnabled(user)) throw new DomainError('TwoFactorAlreadyEnabled');
    const pending = user.totpPendingSecret;
    if (!pending) throw new DomainError('TwoFactorSetupRequired');
    await this.attempts.beforeCheck(user.id);
    const step = this.matchStep(this.box.open(pending, sealContext(user.id)), user.email, normalize(code));
    if (step === undefined) {
      await this.attempts.failed(user.id);
      throw new DomainError('InvalidTwoFactorCode', { subjectUserId: user.id });
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(randomHex(10)));
    await this.prisma.$transaction(async (tx) => {
      // Conditional on the very secret the code was checked against: a setup restarted meanwhile wins.
      const moved = await tx.user.updateMany({
        where: { id: user.id, totpEnabledAt: null, totpPendingSecret: pending },
        data: { totpSecret: pending, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: step },
      });
      if (moved.count !== 1) throw new DomainError('TwoFactorSetupRequired');
      await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
      await tx.recoveryCode.createMany({
        data: codes.map((c) => ({ id: randomUUID(), userId: user.id, codeHash: sha256(normalize(c)) })),
      });
      await this.lifecycle.twoFactorChanged(tx, user.id, session.id);
      await emitWebhookEvent(tx, 'twofa.enabled', { userId: user.id, email: user.email });
    });
    await this.attempts.succeeded(user.id);
    return codes;
  }

  /** Turns 2FA off; needs a current TOTP code or an unused recovery code. */
  async disable(user: User, code: string, session: SessionInfo): Promise<void> {
    if (!this.isEnabled(user)) throw new DomainError('TwoFactorNotEnabled');
    await this.check(user, code);
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: user.id },
        data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null },
      });
      await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
      await this.lifecycle.twoFactorChanged(tx, user.id, session.id);
      await emitWebhookEvent(tx, 'twofa.disabled', { userId: user.id, email: user.email });
    });
  }

  /**
   * The second-factor gate of login, password change and reset: nothing when 2FA is off;
   * TwoFactorRequired when it is on and no code came (so clients can prompt for one);
   * InvalidTwoFactorCode for a wrong, replayed or spent code. A right code is spent.
   */
  async assertSecondFactor(user: TwoFactorUser, code: string | null | undefined): Promise<void> {
    if (!this.isEnabled(user)) return;
    if (!code?.trim()) throw new DomainError('TwoFactorRequired', { subjectUserId: user.id });
    await this.check(user, code);
  }

  private async check(user: TwoFactorUser, raw: string): Promise<void> {
    await this.attempts.beforeCheck(user.id);
    if (!(await this.spend(user, normalize(raw)))) {
      await this.attempts.failed(user.id);
      throw new DomainError('InvalidTwoFactorCode', { subjectUserId: user.id });
    }
    await this.attempts.succeeded(user.id);
  }

  private async spend(user: TwoFactorUser, code: string): Promise<boolean> {
    if (TOTP_CODE.test(code) && user.totpSecret) {
      const step = this.matchStep(this.box.open(user.totpSecret, sealContext(user.id)), user.email, code);
      if (step === undefined) return false;
      const spent = await this.prisma.user.updateMany({
        where: {
          id: user.id,
          totpEnabledAt: { not: null },
          OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }],
        },
        data: { totpLastStep: step },
      });
      return spent.count === 1;
    }
    if (RECOVERY_CODE.test(code)) {
      const spent = await this.prisma.recoveryCode.updateMany({
        where: { userId: user.id, codeHash: sha256(code), usedAt: null },
        data: { usedAt: new Date() },
      });
      return spent.count === 1;
    }
    return false;
  }

  /** The time step a code belongs to (now, or one step either side), or undefined. */
  private matchStep(secret: string, email: string, code: string): number | undefined {
    if (!TOTP_CODE.test(code)) return undefined;
    const totp = this.totp(secret, email);
    const timestamp = Date.now();
    const delta = totp.validate({ token: code, timestamp, window: 1 });
    return delta === null ? undefined : totp.counter({ timestamp }) + delta;
  }

  private totp(secret: string, email: string): TOTP {
    return new TOTP({
      issuer: this.issuer,
      label: email,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secret: Secret.fromBase32(secret),
    });
  }
}

// Sealed secrets are bound to their owner: one copied into another row will not open.
const sealContext = (userId: string) => `totp:${userId}`;

/** Codes are typed by people: spaces and dashes are ignored, letters compared in lower case. */
const normalize = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

const formatRecoveryCode = (hex: string) => hex.match(/.{5}/g)!.join('-');
