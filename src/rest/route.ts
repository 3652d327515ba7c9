import { DomainError } from '../shared/errors.js';

export interface RestRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `{}` when none was sent. */
  body: Record<string, unknown>;
  headers: Headers;
}

/**
 * One documented REST path, mapped onto one GraphQL operation run in-process against the same
 * schema, so each behaviour exists once.
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/users/:userId/token/:token` style. */
  path: string;
  /** A GraphQL document with exactly one operation. */
  document: string;
  variables?: (req: RestRequest) => Record<string, unknown>;
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 204;
  /** Shapes the JSON reply from the operation's data. */
  reply?: (data: Record<string, unknown>) => unknown;
  /** Headers of a successful reply (a paging Link), from the operation's data and the request. */
  replyHeaders?: (data: Record<string, unknown>, req: RestRequest) => Record<string, string>;
}

/** A required string field of the JSON body, or InvalidInput naming it. */
export function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string')
    throw new DomainError('InvalidInput', { message: `${field} is required and must be a string.` });
  return value;
}

/** An optional string field: absent or null is undefined; any other non-string is InvalidInput. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new DomainError('InvalidInput', { message: `${field} must be a string.` });
  return value;
}

/** An optional nested object field. */
export function objectField(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('InvalidInput', { message: `${field} must be an object.` });
  }
  return value as Record<string, unknown>;
}
