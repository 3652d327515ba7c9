import type { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Codes for errors about the request itself, which graphql-js and Yoga raise without one. The
 * names follow Yoga's own (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST …), which
 * clients already know; errors this API raises on purpose carry an `ErrorCode` instead.
 */
export const REQUEST_ERROR_CODES = {
  /** A variable is missing or of the wrong type. */
  variables: 'BAD_USER_INPUT',
  /** The document is valid but cannot run here (a subscription, say). */
  document: 'GRAPHQL_VALIDATION_FAILED',
  /** The HTTP request is wrong (method, body, parameters, missing CSRF header). */
  http: 'BAD_REQUEST',
} as const;

/**
 * Gives every error in a response an `extensions.code`. Also turns the bare SyntaxError Yoga's
 * query-string parser throws for `?variables=not-json` (which would be masked as an InternalError)
 * into the 400 it is.
 */
export function useErrorCodes(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw createGraphQLError('Send variables and extensions as JSON.', {
            extensions: { code: REQUEST_ERROR_CODES.http, http: { status: 400, spec: true } },
          });
        }
      });
    },
    onResultProcess({ result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        if (!single || typeof single !== 'object' || !('errors' in single)) continue;
        for (const error of single.errors ?? []) normalize(error as GraphQLError);
      }
    },
  };
}

function normalize(error: GraphQLError): void {
  const extensions = error.extensions as Record<string, unknown>;
  if (typeof extensions.code === 'string') return;
  if (/^Variable "\$/.test(error.message)) extensions.code = REQUEST_ERROR_CODES.variables;
  else if (error.locations?.length) extensions.code = REQUEST_ERROR_CODES.document;
  else extensions.code = REQUEST_ERROR_CODES.http;
}
