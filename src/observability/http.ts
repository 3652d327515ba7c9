import type { RequestContext } from '../graphql/context.js';
import { GRAPHIQL_ASSET_PREFIX } from '../graphql/graphiql/index.js';

// Paths the app answers itself; anything else is a REST route template or "unmatched".
const FIXED = new Set(['/', '/graphql', '/healthz', '/readyz', '/metrics', '/.well-known/jwks.json']);

/**
 * The route a metric or span names: a fixed path, the REST route template the shim matched
 * (`/users/:id/token/:token`), or "unmatched". Never the raw path, which can carry ids and tokens
 * and would give every caller-chosen URL a time series of its own.
 */
export function routeLabel(path: string, context: Pick<RequestContext, 'route'>): string {
  if (context.route) return context.route;
  if (FIXED.has(path)) return path;
  if (path.startsWith(GRAPHIQL_ASSET_PREFIX)) return `${GRAPHIQL_ASSET_PREFIX}:asset`;
  return 'unmatched';
}
