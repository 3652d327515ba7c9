import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../../config.js';
import { armorPlugin, queryLimits } from './armor.js';
import { useErrorCodes } from './error-codes.js';
import { singleGuessRule } from './single-guess.js';
import { useHiddenSuggestions } from './suggestions.js';
import { useRejectNulText } from './text-input.js';

/**
 * A browser sends GET and form/text POSTs cross-site without a CORS preflight; such a request to
 * /graphql must carry this header, which a page on another origin cannot add without a preflight.
 * JSON POSTs (GraphiQL, the REST shim, every GraphQL client library) are preflighted already.
 */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * Every protection /graphql runs with, in one list for yoga.ts: size limits, one guess per
 * operation, CSRF prevention, introspection switch (with the "Did you mean" hints), no NUL in text,
 * and a code on every error.
 */
export function graphqlLimits(config: Config): Plugin[] {
  return [
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }) as Plugin,
    armorPlugin(queryLimits(config)),
    { onValidate: ({ addValidationRule }) => addValidationRule(singleGuessRule) },
    // The schema is public while introspection is on (schema.graphql, GraphiQL), and hints help
    // integrators then; off, neither introspection nor hints may reveal it.
    ...(config.GRAPHQL_INTROSPECTION ? [] : [useDisableIntrospection() as Plugin, useHiddenSuggestions()]),
    useRejectNulText(),
    useErrorCodes(),
  ];
}

/** Yoga options that belong with the limits: one operation per request, no multipart, CORS. */
export function graphqlRequestOptions(config: Config) {
  return {
    // A batch of N operations would be N guesses in one request.
    batching: false,
    // No field takes a file; multipart is one more parser for hostile input to reach.
    multipart: false,
    maxRequestBodySize: config.REQUEST_BODY_LIMIT_BYTES,
    // CORS is the app's, once for REST and /graphql alike (src/http/cors.ts, CORS_ORIGINS).
    cors: false,
  } as const;
}
