import type { Logger } from '../../shared/logger.js';

/**
 * Where failed second-factor attempts are counted, apart from password failures: a password
 * guesser and a TOTP guesser (who already has the password) deserve different limits. Every
 * check of a TOTP or recovery code goes through this, for login, password change, reset and
 * disabling 2FA.
 *
 * This is the hook for lockouts: an implementation backed by rate-limiter-flexible (shared by
 * every replica through the `rate_limits` table) can refuse in `beforeCheck` by throwing
 * `DomainError('TooManyRequests', { retryAfter })`. Swap it in where services.ts builds the
 * TwoFactorService.
 */
export interface SecondFactorAttempts {
  /** Called before a code of this user is checked; throw to refuse the check. */
  beforeCheck(userId: string): Promise<void>;
  /** A wrong code was sent for this user. */
  failed(userId: string): Promise<void>;
  /** A right code was sent: a limiter may forget earlier failures. */
  succeeded(userId: string): Promise<void>;
}

/** Counts failures in the log only; no lockout. The hardening work replaces it. */
export function loggedSecondFactorAttempts(logger: Logger): SecondFactorAttempts {
  return {
    beforeCheck: async () => {},
    failed: async (userId) => logger.warn({ userId }, 'wrong second-factor code'),
    succeeded: async () => {},
  };
}
