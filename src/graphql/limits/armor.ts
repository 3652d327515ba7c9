import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../../config.js';
import { ERRORS } from '../../shared/errors.js';

type ArmorConfig = NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>;
type RejectCallback = NonNullable<NonNullable<ArmorConfig['maxDepth']>['onReject']>[number];

/** The size limits an operation must stay within; README lists each with its setting. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

export function queryLimits(config: Config): QueryLimits {
  return {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxTokens: config.GRAPHQL_MAX_TOKENS,
    maxCost: config.GRAPHQL_MAX_COST,
    maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
  };
}

/**
 * Refuses with our own code and a message that names the kind of limit but never its number, so
 * a prober learns nothing to tune an attack against. Armor's own error would start with "Syntax
 * Error:" and, by default, print the limit.
 */
function refuse(kind: string): RejectCallback {
  return (context, _armorError) => {
    const error = new GraphQLError(`${ERRORS.QueryTooComplex.message} (${kind})`, {
      extensions: { code: 'QueryTooComplex' },
    });
    // The token limit runs while parsing, before there is a validation context: throwing there
    // is how a parse failure is reported.
    if (!context) throw error;
    context.reportError(error);
  };
}

// Armor reports through our callbacks only; `propagateOnRejection: false` stops its own throw.
const quiet = (kind: string) => ({ exposeLimits: false, propagateOnRejection: false, onReject: [refuse(kind)] });

/** graphql-armor's depth, alias, token, cost and directive limits. */
export function armorPlugin(limits: QueryLimits): Plugin {
  return EnvelopArmorPlugin({
    // Armor's own suggestion filter misses enum-value and variable-coercion hints; suggestions.ts
    // removes them all when introspection is off.
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...quiet('depth') },
    // Armor lets `__typename` aliases through by default; each one is still a field to resolve
    // and answer, so every alias counts.
    maxAliases: { n: limits.maxAliases, allowList: [], ...quiet('aliases') },
    maxTokens: { n: limits.maxTokens, ...quiet('size') },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, ...quiet('cost') },
    maxDirectives: { n: limits.maxDirectives, ...quiet('directives') },
  }) as Plugin;
}
