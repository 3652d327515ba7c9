import { GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { RequestContext } from '../graphql/context.js';
import type { Logger } from '../shared/logger.js';

type Yoga = YogaServerInstance<RequestContext, object>;
export type OperationResult = ExecutionResult<Record<string, unknown>>;

/**
 * A REST route's GraphQL document, parsed and validated once through Yoga's own envelop, so it
 * meets exactly the rules a /graphql request meets (graphql-js's, the armor limits, one guess per
 * operation, the introspection switch) without paying for them on every call.
 */
export interface PreparedOperation {
  source: string;
  document?: DocumentNode;
  /**
   * Why the document cannot run under the configured limits (an operator may set them tighter
   * than a route needs). Each call then answers with these errors, as /graphql would.
   */
  errors?: readonly GraphQLError[];
}

export function prepareOperation(yoga: Yoga, source: string, logger: Logger): PreparedOperation {
  // No request in this context: Yoga's per-request checks (no mutation over GET) do not apply to
  // documents the service itself owns.
  const { parse, validate, schema } = yoga.getEnveloped({} as never);
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    // The token limit is enforced while parsing and reports by throwing.
    if (!(error instanceof GraphQLError)) throw error;
    logger.warn({ err: error }, 'a REST route document exceeds the GraphQL limits');
    return { source, errors: [error] };
  }
  const errors = validate(schema, document);
  if (errors.length) {
    logger.warn(
      { errors: errors.map((e: GraphQLError) => e.message) },
      'a REST route document fails GraphQL validation',
    );
    return { source, errors };
  }
  return { source, document };
}

/**
 * Runs a prepared operation through the envelop Yoga built: the same context factory (`context` in
 * yoga.ts, given the caller's request for its headers) and the same execute hooks as /graphql
 * (error masking, audit operation names, NUL refusal, resolver-level rate limits and lockout).
 * Yoga's HTTP-level hooks (onRequestParse, onParams, onExecutionResult, onResultProcess, onResponse)
 * do not run here; what they do for /graphql the shim does for REST itself (status from the error
 * code, Retry-After from `extensions.retryAfter`, InvalidInput for errors without a code).
 */
export async function executeOperation(
  yoga: Yoga,
  prepared: PreparedOperation,
  variables: Record<string, unknown>,
  context: RequestContext,
  request: Request,
): Promise<OperationResult> {
  if (!prepared.document) return { errors: prepared.errors ?? [] };
  // The same object becomes the GraphQL context, as on /graphql: the audit trail reads what the
  // operation wrote into it (attribution, operation names) after the response.
  const serverContext = Object.assign(context, { request, params: { query: prepared.source, variables } });
  const { contextFactory, execute, schema } = yoga.getEnveloped(serverContext as never);
  try {
    const contextValue = await contextFactory();
    const result = await execute({ schema, document: prepared.document, contextValue, variableValues: variables });
    if (Symbol.asyncIterator in result) throw new Error('A REST route ran a streaming operation.');
    return result as OperationResult;
  } catch (error) {
    // Already masked by the envelop (a context or execution failure); anything else is ours to 500.
    if (error instanceof GraphQLError) return { errors: [error] };
    throw error;
  }
}
