import { ERRORS, type ErrorCode } from '../shared/errors.js';
import type { RestRoute, RouteAuth } from '../rest/route.js';
import type { EndpointDoc, ResponseDoc } from './endpoint.js';

// What authenticating each way can fail with, before the operation itself runs.
const AUTH_ERRORS: Record<RouteAuth, ErrorCode[]> = {
  bearer: ['Unauthenticated', 'InvalidToken', 'TokenExpired', 'Forbidden', 'AccountDisabled'],
  userBasic: ['InvalidCredentials'],
  clientBasic: ['InvalidClient'],
  none: [],
};

/** The request-shape errors the shim itself answers with. */
function shapeErrors(route: RestRoute): ErrorCode[] {
  return route.body ? ['InvalidInput', 'MalformedJson', 'PayloadTooLarge', 'UnsupportedMediaType'] : ['InvalidInput'];
}

/** `:name` segments become `{name}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** e.g. `put_users_me_password`: stable, unique per method and path. */
export const operationIdOf = (method: string, path: string) =>
  `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}`;

/** Error responses grouped by status, each naming the codes that give it. */
export function errorResponses(codes: ErrorCode[]): Record<number, ResponseDoc> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<number, ResponseDoc> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: `Error codes: ${list.join(', ')}.`,
      ref: 'Error',
      headers: status === 429 ? { 'Retry-After': 'Seconds to wait before trying again.' } : undefined,
    };
  }
  return responses;
}

export function restEndpoint(route: RestRoute): EndpointDoc {
  const status = route.status ?? 200;
  const success: ResponseDoc =
    status === 204
      ? { description: 'Done; no body.' }
      : { description: 'Success.', schema: route.replySchema, headers: route.replyHeaderDocs };
  const codes = [...shapeErrors(route), ...AUTH_ERRORS[route.auth], ...(route.errors ?? []), 'ServiceUnavailable'];
  return {
    method: route.method,
    path: openApiPath(route.path),
    operationId: operationIdOf(route.method, route.path),
    tag: route.tag,
    summary: route.summary,
    description: route.description,
    auth: [route.auth],
    params: route.params,
    query: route.query,
    headers: route.requestHeaderDocs,
    body: route.body ? { mediaType: 'application/json', schema: route.body } : undefined,
    responses: { [status]: success, ...errorResponses(codes as ErrorCode[]) },
    example: route.example,
  };
}
