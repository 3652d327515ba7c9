import {
  GraphQLError,
  type GraphQLObjectType,
  Kind,
  type ASTVisitor,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { policyOf } from '../policy/field-policy.js';

export const SINGLE_GUESS_MESSAGE =
  'An operation may run at most one sign-in or code-checking field; send them one by one.';

/**
 * Refuses an operation that selects more than one guess-type root field (a field whose policy
 * says `guess: true`: it checks a password, API key, client secret, refresh token, emailed code
 * or TOTP), aliases included. Rate limits and lockouts count HTTP requests, so one request must
 * not carry several: `a: login(...) b: login(...)` would otherwise try a hundred passwords for
 * the price of one.
 */
export const singleGuessRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation: OperationDefinitionNode) {
    const schema = context.getSchema();
    const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
    if (!root) return false;
    const found: string[] = [];
    collectRootFields(context, root, operation.selectionSet, found, new Set());
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
  root: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  found: string[],
  seenFragments: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = root.getFields()[selection.name.value];
      if (field && policyOf(field)?.guess) found.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootFields(context, root, selection.selectionSet, found, seenFragments);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || seenFragments.has(name)) continue;
      seenFragments.add(name);
      collectRootFields(context, root, fragment.selectionSet, found, seenFragments);
    }
  }
}
