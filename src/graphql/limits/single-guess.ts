import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Root fields that check a secret (password, API key, client secret, refresh token, emailed code,
 * TOTP). Rate limits and lockouts count HTTP requests, so one request must not carry several of
 * these: `a: login(...) b: login(...)` would otherwise try a hundred passwords for the price of one.
 * Names that the schema does not (yet) have are harmless.
 */
export const GUESS_FIELDS: ReadonlySet<string> = new Set([
  'login',
  'loginWithApiKey',
  'token',
  'verifyEmail',
  'resetPassword',
  'requestPasswordReset',
  'enableTwoFactor',
  'disableTwoFactor',
  'changePassword',
  'introspectToken',
]);

export const SINGLE_GUESS_MESSAGE =
  'An operation may run at most one sign-in or code-checking field; send them one by one.';

/** Refuses an operation that selects more than one guess-type root field, aliases included. */
export const singleGuessRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation: OperationDefinitionNode) {
    const found: string[] = [];
    collectRootFields(context, operation.selectionSet, found, new Set());
    if (found.length > 1) {
      context.reportError(
        new GraphQLError(SINGLE_GUESS_MESSAGE, {
          nodes: operation,
          extensions: { code: 'InvalidInput', fields: [...new Set(found)] },
        }),
      );
    }
    return false; // Nothing below the operation matters to this rule.
  },
});

// Walks the root selection set through inline fragments and fragment spreads. Every occurrence
// counts, even two identical ones GraphQL would merge: refusing those costs a client nothing. Each
// fragment is entered once, so a fragment cycle (which another rule reports) cannot loop here.
function collectRootFields(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  found: string[],
  seenFragments: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (GUESS_FIELDS.has(selection.name.value)) found.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootFields(context, selection.selectionSet, found, seenFragments);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || seenFragments.has(name)) continue;
      seenFragments.add(name);
      collectRootFields(context, fragment.selectionSet, found, seenFragments);
    }
  }
}
