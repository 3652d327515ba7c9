import type { ExecutionResult } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { readJsonObject } from '../http/body.js';
import { errorResponse, json } from '../http/responses.js';
import { DomainError, isErrorCode } from '../shared/errors.js';
import type { RequestContext } from '../graphql/context.js';
import type { RestRoute } from './route.js';

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: string[];
}

// Headers a REST call may carry that the GraphQL operation needs to see.
const FORWARDED = ['authorization', 'x-twofa', 'user-agent'];

/**
 * The REST compatibility shim: matches a documented path, builds the operation's variables,
 * runs it in-process through Yoga (same plugins, same error masking) and shapes the answer.
 * Error codes become HTTP statuses through the one table in shared/errors.ts.
 */
export class RestShim {
  private readonly compiled: CompiledRoute[];

  constructor(
    routes: RestRoute[],
    private readonly yoga: YogaServerInstance<RequestContext, object>,
    private readonly bodyLimit: number,
  ) {
    this.compiled = routes.map((route) => compile(route));
  }

  async handle(request: Request, method: string, path: string, context: RequestContext): Promise<Response> {
    const match = this.match(method, path);
    if (match instanceof Response) return match;
    const { route, params } = match;
    context.route = route.path;
    try {
      const body = await readJsonObject(request, this.bodyLimit);
      const variables =
        route.variables?.({ params, body, query: new URL(request.url).searchParams, headers: request.headers }) ?? {};
      const result = await this.execute(route, variables, request.headers, context);
      return this.reply(route, result);
    } catch (error) {
      if (error instanceof DomainError) return errorResponse(error.code, error.message, error.retryAfter);
      throw error;
    }
  }

  private match(method: string, path: string): { route: RestRoute; params: Record<string, string> } | Response {
    const allowed: string[] = [];
    for (const { route, pattern, names } of this.compiled) {
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
      return { route, params };
    }
    return allowed.length
      ? errorResponse('MethodNotAllowed', undefined, undefined, { allow: allowed.join(', ') })
      : errorResponse('NotFound');
  }

  private async execute(
    route: RestRoute,
    variables: Record<string, unknown>,
    headers: Headers,
    context: RequestContext,
  ) {
    const forwarded = new Headers({ 'content-type': 'application/json', accept: 'application/graphql-response+json' });
    for (const name of FORWARDED) {
      const value = headers.get(name);
      if (value) forwarded.set(name, value);
    }
    const response = await this.yoga.fetch(
      'http://internal/graphql',
      { method: 'POST', headers: forwarded, body: JSON.stringify({ query: route.document, variables }) },
      context,
    );
    return (await response.json()) as ExecutionResult<Record<string, unknown>>;
  }

  private reply(route: RestRoute, result: ExecutionResult<Record<string, unknown>>): Response {
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
    return json(route.reply ? route.reply(result.data ?? {}) : (result.data ?? {}), status);
  }
}

function compile(route: RestRoute): CompiledRoute {
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
