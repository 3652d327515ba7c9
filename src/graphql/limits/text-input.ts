import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const NUL_MESSAGE = 'Text may not contain the NUL character (\\u0000).';

/**
 * PostgreSQL text cannot hold U+0000: a NUL in any argument would fail deep inside a query and
 * surface as a 500. Refusing it before execution keeps it a 400 for every field, REST or GraphQL,
 * and nothing runs. The walk over variables is iterative: a body nested 20 000 levels deep must
 * not overflow the stack.
 */
export function useRejectNulText(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (hasNul(args.variableValues) || documentHasNul(args.document)) {
        setResultAndStopExecution({
          errors: [new GraphQLError(NUL_MESSAGE, { extensions: { code: 'InvalidInput' } })],
        });
      }
    },
  };
}

function hasNul(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

// Yoga caches parsed documents and the REST shim prepares its own once, so the same document
// object comes back on every call: walk each one once.
const nulInDocument = new WeakMap<DocumentNode, boolean>();

function documentHasNul(document: DocumentNode): boolean {
  let found = nulInDocument.get(document);
  if (found === undefined) {
    found = walkForNul(document);
    nulInDocument.set(document, found);
  }
  return found;
}

function walkForNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}
