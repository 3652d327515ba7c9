import type { Services } from '../../services.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { IpLimit } from './abuse.service.js';

/** Whom a login attempt is aimed at: `key` is what failures are counted under. */
export interface LoginTarget {
  key: string;
  /** The existing account, when known: a refused attempt is still attributed to it (audit trail). */
  userId?: string;
  /** false when one success must not wipe the failures of others counted under the same key. */
  resetOnSuccess?: boolean;
}

export interface LimitedOperation {
  /** The per-IP limit every call of the field counts against. */
  perIp: IpLimit;
  /** Password-like logins: wrong secrets lock the account for the offending IP. */
  lockout?: {
    /** The account the call is aimed at, from its (coerced) arguments; undefined counts nothing. */
    target(args: Record<string, unknown>, services: Services): Promise<LoginTarget | undefined>;
    /** The code a wrong secret gets; while locked, every call gets it too (with Retry-After). */
    failure: ErrorCode;
  };
}

/**
 * Codes that prove the secret was right although the login went no further (an unverified
 * account, a second factor to come or wrong): the failure count starts again. Wrong second-factor
 * codes are counted apart, per account, by the second-factor limiter.
 */
export const SECRET_PROVEN: readonly ErrorCode[] = ['UserNotVerified', 'TwoFactorRequired', 'InvalidTwoFactorCode'];

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * THE table of limited operations: root field name → limits. Every REST path runs its GraphQL
 * operation in-process, so this covers REST and GraphQL alike, and every call counts (aliases of
 * one field in one operation are as many attempts). A name missing from the schema is harmless.
 */
export const LIMITED_OPERATIONS: Readonly<Record<string, LimitedOperation>> = {
  login: {
    perIp: 'RATE_LIMIT_LOGIN',
    lockout: {
      failure: 'InvalidCredentials',
      // Counted per account, not per spelling: the email and the user id of one user are one target.
      target: async (args, services) => {
        const username = text(args.username);
        if (username === undefined) return undefined;
        const user = await services.users.findByRef(username);
        return user ? { key: user.id, userId: user.id } : { key: username.trim().toLowerCase() };
      },
    },
  },
  loginWithApiKey: {
    perIp: 'RATE_LIMIT_LOGIN',
    lockout: {
      failure: 'InvalidApiKey',
      // A key guesser tries a new key each time, so failures are counted per client IP across
      // all keys; and a guesser's own valid key must not wipe that count, so success keeps it.
      target: async () => ({ key: 'api-key-login', resetOnSuccess: false }),
    },
  },
  token: { perIp: 'RATE_LIMIT_TOKEN' },
  signUp: { perIp: 'RATE_LIMIT_SIGNUP' },
  verifyEmail: { perIp: 'RATE_LIMIT_VERIFY' },
  requestPasswordReset: { perIp: 'RATE_LIMIT_RESET_REQUEST' },
  resetPassword: { perIp: 'RATE_LIMIT_RESET_CONFIRM' },
  changePassword: { perIp: 'RATE_LIMIT_PASSWORD_CHANGE' },
  setupTwoFactor: { perIp: 'RATE_LIMIT_TWOFA' },
  enableTwoFactor: { perIp: 'RATE_LIMIT_TWOFA' },
  disableTwoFactor: { perIp: 'RATE_LIMIT_TWOFA' },
};
