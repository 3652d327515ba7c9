import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../../shared/errors.js';

/**
 * On /graphql the answer carries `Retry-After` when an error says how long to wait (a rate limit
 * or a lockout, applied by each root field's policy); the REST shim sets it from the error's
 * `extensions.retryAfter` itself.
 */
export function useAbuseProtection(): Plugin {
  const retryAfter = new WeakMap<Request, number>();
  return {
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
