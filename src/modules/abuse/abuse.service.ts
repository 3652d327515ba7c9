import type { RateLimiterPrisma } from 'rate-limiter-flexible';
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { BackgroundTasks } from '../../shared/background-tasks.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { loggedSecondFactorAttempts, type SecondFactorAttempts } from '../two-factor/second-factor-attempts.js';
import { ipKey } from './client-ip.js';
import { LoginLockout, type LoginAttempt } from './login-lockout.js';
import { consumeOrRefusal, fixedWindowLimiter, secondsUntil } from './prisma-limiters.js';
import { limitedSecondFactorAttempts } from './second-factor-limiter.js';

/** The settings that hold a per-IP limit (`RATE_LIMIT_*`, written `<requests>/<seconds>`). */
export type IpLimit = {
  [K in keyof Config]-?: Config[K] extends { points: number; duration: number } ? K : never;
}[keyof Config];

// Expired counters are dead weight; each app deletes them now and then, off the request path.
const SWEEP_INTERVAL_MS = 5 * 60_000;

/**
 * Per-IP rate limits, the login lockout and the second-factor failure limit, all counted in the
 * database (`rate_limits`) so that every replica enforces the same limits. Knows nothing of
 * GraphQL: the abuse plugin decides which operation counts against what.
 */
export class AbuseProtection {
  readonly enabled: boolean;
  /** The hook TwoFactorService calls around every code check. */
  readonly secondFactor: SecondFactorAttempts;
  private readonly lockout: LoginLockout;
  private readonly ipLimiters = new Map<IpLimit, RateLimiterPrisma>();
  private lastSweep = Date.now();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly background: BackgroundTasks,
  ) {
    this.enabled = config.RATE_LIMITS_ENABLED;
    this.lockout = new LoginLockout(prisma, {
      threshold: config.LOGIN_LOCKOUT_THRESHOLD,
      stepSeconds: config.LOGIN_LOCKOUT_STEP_SECONDS,
      maxSeconds: config.LOGIN_LOCKOUT_MAX_SECONDS,
      windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
    });
    this.secondFactor = this.enabled
      ? limitedSecondFactorAttempts(prisma, {
          limit: config.TWOFA_FAILURE_LIMIT,
          windowSeconds: config.TWOFA_FAILURE_WINDOW_SECONDS,
        })
      : loggedSecondFactorAttempts(logger);
  }

  /** Counts one request from `clientIp` against `limit`; TooManyRequests (with Retry-After) beyond it. */
  async limitIp(limit: IpLimit, clientIp: string): Promise<void> {
    this.maybeSweep();
    const refusal = await consumeOrRefusal(this.ipLimiter(limit), ipKey(clientIp));
    if (refusal) throw new DomainError('TooManyRequests', { retryAfter: secondsUntil(refusal) });
  }

  /** Login failures, lockouts and refusals so far (for /metrics). */
  get loginStats(): Readonly<LoginLockout['stats']> {
    return this.lockout.stats;
  }

  /** Starts a password-like login attempt on `account` from `clientIp`; throws LockedOut while locked. */
  beginLogin(account: string, clientIp: string): Promise<LoginAttempt> {
    return this.lockout.begin(account, ipKey(clientIp));
  }

  private ipLimiter(limit: IpLimit): RateLimiterPrisma {
    let limiter = this.ipLimiters.get(limit);
    if (!limiter) {
      const { points, duration } = this.config[limit];
      limiter = fixedWindowLimiter(this.prisma, { keyPrefix: `ip:${limit}`, points, duration });
      this.ipLimiters.set(limit, limiter);
    }
    return limiter;
  }

  private maybeSweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    // Through BackgroundTasks: app.close() waits for it, so it never runs on a closed database.
    this.background.run('rate-limit sweep', async () => {
      const { count } = await this.prisma.rateLimiterFlexible.deleteMany({ where: { expire: { lt: new Date(now) } } });
      if (count) this.logger.debug({ count }, 'expired rate-limit counters deleted');
    });
  }
}
