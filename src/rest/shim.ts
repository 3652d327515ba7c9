import type { YogaServerInstance } from 'graphql-yoga';
import { readJsonObject } from '../http/body.js';
import { errorResponse, json, Response } from '../http/responses.js';
import { DomainError, isErrorCode } from '../shared/errors.js';
import type { RequestContext } from '../graphql/context.js';
import type { Logger } from '../shared/logger.js';
import { parseRequest } from './parse.js';
import { executeOperation, prepareOperation, type OperationResult, type PreparedOperation } from './operation.js';
import type { RestRequest, RestRoute } from './route.js';

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: string[];
  operation: PreparedOperation;
}

/**
 * The REST compatibility shim: matches a documented path, builds the operation's variables,
 * runs its pre-validated operation through Yoga's envelop (same plugins, same error masking, no
 * internal HTTP round trip) and shapes the answer.
 * Error codes become HTTP statuses through the one table in shared/errors.ts.
 */
export class RestShim {
  private readonly compiled: CompiledRoute[];

  constructor(
    routes: RestRoute[],
    private readonly yoga: YogaServerInstance<RequestContext, object>,
    private readonly bodyLimit: number,
    logger: Logger,
  ) {
    this.compiled = routes.map((route) => ({
      ...compile(route),
      operation: prepareOperation(yoga, route.document, logger),
    }));
  }

  async handle(request: Request, method: string, path: string, context: RequestContext): Promise<Response> {
    const match = this.match(method, path);
    if (match instanceof Response) return match;
    const { route, params, operation } = match;
    context.route = route.path;
    try {
      const body = await readJsonObject(request, this.bodyLimit);
      const search = new URL(request.url).searchParams;
      const req = parseRequest(route, { params, body, search, headers: request.headers });
      const variables = route.variables?.(req) ?? {};
      const result = await executeOperation(this.yoga, operation, variables, context, request);
      return this.reply(route, result, req);
    } catch (error) {
      if (error instanceof DomainError) return errorResponse(error.code, error.message, error.retryAfter);
      throw error;
    }
  }

  private match(
    method: string,
    path: string,
  ): { route: RestRoute; params: Record<string, string>; operation: PreparedOperation } | Response {
    const allowed: string[] = [];
    for (const { route, pattern, names, operation } of this.compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      try {
        names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1]!)));
      } catch {
        return errorResponse('InvalidInput', 'The path is not valid URL encoding.');
      }
      return { route, params, operation };
    }
    return allowed.length
      ? errorResponse('MethodNotAllowed', undefined, undefined, { allow: allowed.join(', ') })
      : errorResponse('NotFound');
  }

  private reply(route: RestRoute, result: OperationResult, req: RestRequest<never, never, never>): Response {
    const error = result.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      const retryAfter = error.extensions?.retryAfter as number | undefined;
      // Errors without one of our codes are GraphQL's own input errors (a wrong variable type).
      return isErrorCode(code)
        ? errorResponse(code, error.message, retryAfter)
        : errorResponse('InvalidInput', error.message);
    }
    const status = route.status ?? 200;
    if (status === 204) return new Response(null, { status });
    const data = result.data ?? {};
    return json(route.reply ? route.reply(data) : data, status, route.replyHeaders?.(data, req.search));
  }
}

function compile(route: RestRoute): Omit<CompiledRoute, 'operation'> {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, names, pattern: new RegExp(`^${source}/?$`) };
}
