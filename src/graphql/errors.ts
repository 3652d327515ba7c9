import { GraphQLError } from 'graphql';
import { DomainError, ERROR_CODES, ERRORS, type ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { isDatabaseUnavailable } from '../db/availability.js';
import { builder } from './builder.js';

builder.enumType('ErrorCode', {
  description: 'Every value `extensions.code` can take on an error this API raises on purpose.',
  values: Object.fromEntries(ERROR_CODES.map((code) => [code, { description: ERRORS[code].message }])),
});

export function domainGraphQLError(error: DomainError, original?: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: original?.nodes,
    source: original?.source,
    positions: original?.positions,
    path: original?.path,
    extensions: { code: error.code, ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}) },
  });
}

/**
 * Yoga's maskError: domain errors keep their code and message; GraphQL's own request errors
 * (syntax, validation, variable coercion) pass through; anything else is logged and becomes an
 * InternalError with no detail, so no stack, SQL or secret can reach a client.
 */
export function createErrorMasker(logger: Logger) {
  return (error: unknown): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    // Returned as is (it already carries the code): Yoga logs every error its masker replaces, and
    // a caller's mistake is not an error of ours.
    if (original instanceof DomainError) {
      return error instanceof GraphQLError && error.extensions.code === original.code
        ? error
        : domainGraphQLError(original, error as GraphQLError);
    }
    // Variable coercion wraps the scalar's own GraphQLError: still the caller's input, not a fault.
    if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original }, 'database unavailable');
      return coded('ServiceUnavailable', error);
    }
    logger.error({ err: original }, 'unexpected error in a GraphQL operation');
    return coded('InternalError', error);
  };
}

function coded(code: ErrorCode, error: unknown): GraphQLError {
  return domainGraphQLError(new DomainError(code), error instanceof GraphQLError ? error : undefined);
}
