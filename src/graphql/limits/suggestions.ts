import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// graphql-js words its hints "Did you mean "x"?", "Did you mean "x" or "y"?", "Did you mean the
// enum value "X"?" and "Did you mean to use an inline fragment on "T"?"; none contains a "?"
// before its end except inside a quoted name.
const HINT = /\s*Did you mean (?:[^"?]|"[^"]*")*\?/g;

/** The message without any "Did you mean …?" hint. */
export function withoutSuggestions(message: string): string {
  return message.replace(HINT, '');
}

function strip(errors: readonly Error[] | undefined): void {
  for (const error of errors ?? []) {
    if (error instanceof GraphQLError) error.message = withoutSuggestions(error.message);
  }
}

/**
 * With introspection off the schema is not for strangers to read, but graphql-js spells parts of
 * it out in hints: unknown fields, types, arguments and enum values during validation, and
 * unknown input fields and enum values while coercing variables (which happens in execute). Both
 * places are cleaned here.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onValidate:
      () =>
      ({ valid, result }) => {
        if (!valid) strip(result);
      },
    onExecute: () => ({
      onExecuteDone: ({ result }) => {
        if (!(Symbol.asyncIterator in result)) strip((result as ExecutionResult).errors);
      },
    }),
  };
}
