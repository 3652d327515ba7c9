import { defaultFieldResolver, GraphQLError, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../../graphql/context.js';
import { DomainError } from '../../shared/errors.js';
import { LockedOut, type LoginAttempt } from './login-lockout.js';
import { LIMITED_OPERATIONS, SECRET_PROVEN, type LimitedOperation } from './limited-operations.js';

const GUARDED = Symbol.for('cloud-accounts.abuse-guarded');

/**
 * Rate limits and the login lockout at the one place every REST path and GraphQL request
 * passes: the resolvers of the root fields in LIMITED_OPERATIONS. Guarding each call (rather
 * than each operation) makes aliases and repeated fields count as the attempts they are; root
 * mutation fields run one after another, so a lockout earned by one alias already refuses the next
 * (and the sign-in fields being non-null, the first failure ends the operation anyway).
 *
 * The guard reads the limiters from the request's context (`services.abuse`), never from this
 * plugin's closure: the schema object is shared by every app in the process (tests build many,
 * on different databases), and its resolvers are wrapped only once.
 *
 * On /graphql the answer also carries `Retry-After` when an error says how long to wait; the REST
 * shim sets it from the error's `extensions.retryAfter` itself.
 */
export function useAbuseProtection(): Plugin {
  const retryAfter = new WeakMap<Request, number>();
  return {
    onSchemaChange({ schema }) {
      guardLimitedFields(schema);
    },
    onExecutionResult({ request, result }) {
      if (!result || Symbol.asyncIterator in result) return;
      const seconds = Math.max(0, ...(result.errors ?? []).map(waitOf));
      if (seconds > 0) retryAfter.set(request, seconds);
    },
    onResponse({ request, response }) {
      const seconds = retryAfter.get(request);
      if (seconds) response.headers.set('retry-after', String(Math.ceil(seconds)));
    },
  };
}

function waitOf(error: GraphQLError | { extensions?: Record<string, unknown> }): number {
  const stated = error.extensions?.retryAfter;
  if (typeof stated === 'number') return stated;
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  return original instanceof DomainError ? (original.retryAfter ?? 0) : 0;
}

export function guardLimitedFields(schema: GraphQLSchema): void {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, unknown> & { [GUARDED]?: true })[]) {
      const operation = LIMITED_OPERATIONS[field.name];
      if (!operation || field[GUARDED]) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context, info) =>
        guarded(operation, args, context as GraphQLContext, () => resolve(root, args, context, info));
      field[GUARDED] = true;
    }
  }
}

async function guarded(
  operation: LimitedOperation,
  args: Record<string, unknown>,
  context: GraphQLContext,
  run: () => unknown,
): Promise<unknown> {
  const abuse = context.services?.abuse;
  if (!abuse?.enabled) return run();
  await abuse.limitIp(operation.perIp, context.clientIp);
  const lockout = operation.lockout;
  const target = lockout && (await lockout.target(args, context.services));
  if (!lockout || !target) return run();

  let attempt: LoginAttempt;
  try {
    attempt = await abuse.beginLogin(target.key, context.clientIp);
  } catch (error) {
    if (!(error instanceof LockedOut)) throw error;
    // The same answer as a wrong secret, right secret or not; only Retry-After tells them apart.
    throw new DomainError(lockout.failure, { retryAfter: error.retryAfter, subjectUserId: target.userId });
  }

  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    const code = error instanceof DomainError ? error.code : undefined;
    if (code === lockout.failure) {
      const lockedFor = await attempt.failed();
      if (lockedFor) {
        const failure = error as DomainError;
        throw new DomainError(failure.code, {
          message: failure.message,
          retryAfter: lockedFor,
          subjectUserId: failure.subjectUserId,
        });
      }
    } else if (code && SECRET_PROVEN.includes(code)) {
      await (target.resetOnSuccess === false ? attempt.abandoned() : attempt.succeeded());
    } else {
      await attempt.abandoned();
    }
    throw error;
  }
  await (target.resetOnSuccess === false ? attempt.abandoned() : attempt.succeeded());
  return result;
}
