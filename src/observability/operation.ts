import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** What metrics and spans may say about an operation: names the schema defines, none the caller chose. */
export interface OperationFacts {
  type: 'query' | 'mutation' | 'subscription';
  /** Root field names (not aliases), sorted, each once. */
  rootFields: string[];
  /** The one root field, or "(multiple)": few enough values for a metric label or a span name. */
  label: string;
}

const facts = new WeakMap<DocumentNode, Map<string | null | undefined, OperationFacts>>();

/**
 * The operation's type and root fields. Runs at execution, after validation, so every name is a
 * field of the schema. Parsed documents are cached by Yoga, so the result is cached per document.
 */
export function operationFacts(document: DocumentNode, operationName?: string | null): OperationFacts {
  let byName = facts.get(document);
  if (!byName) facts.set(document, (byName = new Map()));
  let found = byName.get(operationName);
  if (!found) {
    found = compute(document, operationName);
    byName.set(operationName, found);
  }
  return found;
}

function compute(document: DocumentNode, operationName?: string | null): OperationFacts {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const names = new Set<string>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  if (operation) walk(operation.selectionSet);
  const rootFields = [...names].sort();
  return {
    type: operation?.operation ?? 'query',
    rootFields,
    label: rootFields.length === 1 ? rootFields[0]! : rootFields.length ? '(multiple)' : '(none)',
  };
}
