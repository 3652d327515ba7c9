import type { PrismaClient } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import type { SecondFactorAttempts } from '../two-factor/second-factor-attempts.js';
import { consumeOrRefusal, fixedWindowLimiter, secondsUntil } from './prisma-limiters.js';

export interface SecondFactorSettings {
  /** Codes checked per account in one window (a right one starts it again); more are refused until it ends. */
  limit: number;
  windowSeconds: number;
}

/**
 * Wrong second-factor codes, counted per account and apart from password failures (a TOTP
 * guesser already has the password; locking the password step would tell them nothing new).
 * Counted per account across all IPs, unlike the password lockout: a code has only a million
 * values, so spreading guesses over many addresses must not multiply them, and whoever can fail
 * here has passed the first factor. The window ends by itself, so the owner is never locked out
 * for good.
 */
export function limitedSecondFactorAttempts(
  prisma: PrismaClient,
  settings: SecondFactorSettings,
): SecondFactorAttempts {
  const failures = fixedWindowLimiter(prisma, {
    keyPrefix: 'twofa-failures',
    points: settings.limit,
    duration: settings.windowSeconds,
  });
  return {
    // Counted before the code is checked, so concurrent guesses cannot all slip under the limit.
    beforeCheck: async (userId) => {
      const refusal = await consumeOrRefusal(failures, userId);
      if (refusal) {
        throw new DomainError('TooManyRequests', {
          message: 'Too many wrong two-factor codes; try again later.',
          retryAfter: secondsUntil(refusal),
          subjectUserId: userId,
        });
      }
    },
    failed: async () => {},
    succeeded: async (userId) => {
      await failures.delete(userId);
    },
  };
}
