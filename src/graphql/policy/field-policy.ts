import type { GraphQLField, GraphQLSchema } from 'graphql';
import type { IpLimit } from '../../modules/abuse/abuse.service.js';
import type { Services } from '../../services.js';
import type { ErrorCode } from '../../shared/errors.js';

/** Whom a login attempt is aimed at: `key` is what failures are counted under. */
export interface LoginTarget {
  key: string;
  /** The existing account, when known: the call joins its audit trail, refused or not. */
  userId?: string;
  /** false when one success must not wipe the failures of others counted under the same key. */
  resetOnSuccess?: boolean;
}

/** Password-like logins: wrong secrets lock the account for the offending IP. */
export interface LockoutPolicy<Args> {
  /** The account the call is aimed at, from its (coerced) arguments; undefined counts nothing. */
  target(args: Args, services: Services): Promise<LoginTarget | undefined>;
  /** The code a wrong secret gets; while locked, every call gets it too (with Retry-After). */
  failure: ErrorCode;
  /**
   * Codes that prove the secret was right although the call went no further (an unverified
   * account, a second factor to come or wrong): the failure count starts again. Wrong
   * second-factor codes are counted apart, per account, by the second-factor limiter.
   */
  proven: readonly ErrorCode[];
}

/**
 * Whose audit trail a call joins.
 * - `caller`: the authenticated account (needs `caller: 'account'`).
 * - `none`: nobody's; the call is about no existing account that may be named.
 * - `subject`: the account the call is aimed at, proven or not: the lockout target's account, a
 *   refusal's `subjectUserId`, or `before` (from the arguments) / `after` (from the result).
 *   Such an event names the root field, never the client's operation name.
 * - `client`: the client key that proved itself in the arguments (`after`, from the result);
 *   refusals aimed at an account join its trail as for `subject`.
 */
export type AuditPolicy<Args, Result> =
  | 'caller'
  | 'none'
  | {
      subject: {
        before?: (args: Args, services: Services) => Promise<string | undefined>;
        after?: (result: Result) => string | undefined;
      };
    }
  | { client: (result: Result) => { userId: string; clientKeyId: string } };

/** Everything that guards one root field, declared on the field itself. */
export interface FieldPolicy<Args = Record<string, unknown>, Result = unknown> {
  /**
   * `anyone`; `account`: only the bearer of an account access token; `admin`: an account token of
   * an administrator (`npm run admin:grant`). Checked before the resolver runs.
   */
  caller: 'anyone' | 'account' | 'admin';
  /** `password`: an account session made from the API key is refused (PasswordSignInRequired). */
  strength: 'any' | 'password';
  /** The per-IP limit every call counts against, or null for none. */
  limit: IpLimit | null;
  /** Checks a secret someone could be guessing: at most one such field per operation. */
  guess: boolean;
  lockout?: LockoutPolicy<Args>;
  audit: AuditPolicy<Args, Result>;
}

export type AnyFieldPolicy = FieldPolicy<any, any>;

/** The policy a built root field carries in its extensions (undefined when none was declared). */
export function policyOf(field: GraphQLField<unknown, unknown>): AnyFieldPolicy | undefined {
  return (field.extensions as { policy?: AnyFieldPolicy } | undefined)?.policy;
}

/** The one audit description the docs print for a policy. */
export function auditKind(audit: AuditPolicy<unknown, unknown>): 'caller' | 'none' | 'subject' | 'client' {
  if (typeof audit === 'string') return audit;
  return 'subject' in audit ? 'subject' : 'client';
}

export interface RootField {
  name: string;
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  /** undefined when the field declares none (a test fails for that). */
  policy: AnyFieldPolicy | undefined;
}

/** Every Query and Mutation field of a built schema with its declared policy, queries first. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([operation, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({
      name: field.name,
      operation,
      field,
      policy: policyOf(field),
    })),
  );
}
