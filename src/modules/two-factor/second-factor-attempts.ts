import type { Logger } from '../../shared/logger.js';

/**
 * Where failed second-factor attempts are counted, apart from password failures: a password
 * guesser and a TOTP guesser (who already has the password) deserve different limits. Every
 * check of a TOTP or recovery code goes through this, for login, password change, reset and
 * disabling 2FA.
 *
 * The abuse module's `limitedSecondFactorAttempts` (rate-limiter-flexible on the `rate_limits`
 * table, so every replica shares the count) refuses in `beforeCheck` with TooManyRequests.
 */
export interface SecondFactorAttempts {
  /** Called before a code of this user is checked; throw to refuse the check. */
  beforeCheck(userId: string): Promise<void>;
  /** A wrong code was sent for this user. */
  failed(userId: string): Promise<void>;
  /** A right code was sent: a limiter may forget earlier failures. */
  succeeded(userId: string): Promise<void>;
}

/** With RATE_LIMITS_ENABLED=false (a gateway limits instead): failures are logged, never refused. */
export function loggedSecondFactorAttempts(logger: Logger): SecondFactorAttempts {
  return {
    beforeCheck: async () => {},
    failed: async (userId) => logger.warn({ userId }, 'wrong second-factor code'),
    succeeded: async () => {},
  };
}
