import type { RateLimiterPrisma } from 'rate-limiter-flexible';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { sha256 } from '../../shared/ids.js';
import { consumeOrRefusal, fixedWindowLimiter, QuietWindowLimiter, secondsUntil } from './prisma-limiters.js';

export interface LockoutSettings {
  /** Failures (per account and client IP) after which that IP is locked out of that account. */
  threshold: number;
  /** The n-th lockout lasts n times this many seconds... */
  stepSeconds: number;
  /** ...but never longer than this. */
  maxSeconds: number;
  /** The failure count is forgotten after this many seconds without an attempt. */
  windowSeconds: number;
}

/** The account is locked for this client IP; the caller gets the usual wrong-credentials answer. */
export class LockedOut extends Error {
  constructor(readonly retryAfter: number) {
    super('locked out');
  }
}

/** One password attempt in flight; exactly one of its methods is called once its outcome is known. */
export interface LoginAttempt {
  /** Wrong credentials. Returns the lockout (seconds) this failure started, if any. */
  failed(): Promise<number | undefined>;
  /** The secret was right (even if the login went no further): the count starts again. */
  succeeded(): Promise<void>;
  /** Nothing was learnt about the secret (bad input, a fault): the attempt does not count. */
  abandoned(): Promise<void>;
}

/**
 * Brute-force lockout for password-like logins, per (account, client IP): after `threshold`
 * failures the account is locked for that IP for `step` seconds, then for one more attempt at a
 * time, each failure locking it `step` seconds longer than the last (capped at `max`). Another
 * IP (the owner's) is never affected, so nobody can lock a victim out, and the count is forgotten
 * after `window` quiet seconds, so no lockout is permanent.
 *
 * Every attempt is counted before the secret is checked and given back when it turns out not to
 * be a failure: concurrent requests cannot slip extra guesses past the threshold. From the
 * threshold on, an attempt also needs the single "ticket" row (`locks` at 1 point): while one
 * attempt holds it, or while a lockout (the row blocked at 2 points) runs, others are refused.
 */
export class LoginLockout {
  /** Running totals for /metrics: wrong secrets, lockouts started, attempts refused while locked. */
  readonly stats = { failures: 0, lockouts: 0, refused: 0 };
  private readonly failures: QuietWindowLimiter;
  private readonly locks: RateLimiterPrisma;

  constructor(
    prisma: PrismaClient,
    private readonly settings: LockoutSettings,
  ) {
    this.failures = new QuietWindowLimiter(prisma, {
      keyPrefix: 'login-failures',
      points: settings.threshold,
      duration: settings.windowSeconds,
    });
    // A ticket whose holder died (a crash mid-attempt) frees itself after one step.
    this.locks = fixedWindowLimiter(prisma, { keyPrefix: 'login-lock', points: 1, duration: settings.stepSeconds });
  }

  /** How long the n-th lockout lasts. */
  lockoutSeconds(n: number): number {
    return Math.min(this.settings.stepSeconds * n, this.settings.maxSeconds);
  }

  /**
   * Starts an attempt on `account` (an email, user id or API key: stored only as a hash) from
   * `ip`. Throws LockedOut while that IP is locked out of that account.
   */
  async begin(account: string, ip: string): Promise<LoginAttempt> {
    const key = `${sha256(account).slice(0, 32)}|${ip}`;
    const counted = await this.failures.penalty(key, 1);
    const attemptNumber = counted.consumedPoints;
    let ticket = false;
    if (attemptNumber >= this.settings.threshold) {
      const refusal = await consumeOrRefusal(this.locks, key);
      if (refusal) {
        await this.giveBack(key);
        this.stats.refused++;
        throw new LockedOut(secondsUntil(refusal));
      }
      ticket = true;
    }
    return {
      failed: async () => {
        this.stats.failures++;
        if (!ticket) return undefined;
        const seconds = this.lockoutSeconds(attemptNumber - this.settings.threshold + 1);
        await this.locks.block(key, seconds);
        this.stats.lockouts++;
        return seconds;
      },
      succeeded: async () => {
        await this.failures.delete(key);
        await this.locks.delete(key);
      },
      abandoned: async () => {
        await this.giveBack(key);
        if (ticket) await this.locks.delete(key);
      },
    };
  }

  private async giveBack(key: string): Promise<void> {
    const left = await this.failures.reward(key, 1);
    // A success elsewhere may have cleared the row meanwhile; never leave a negative count.
    if (left.consumedPoints <= 0) await this.failures.delete(key);
  }
}
