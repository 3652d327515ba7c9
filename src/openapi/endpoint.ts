import type { z } from 'zod';
import type { RouteAuth } from '../rest/route.js';

/** One documented response of an endpoint. */
export interface ResponseDoc {
  description: string;
  /** JSON body (or the media type's body); none for 204 and bodyless answers. */
  schema?: z.ZodType;
  /** `components.schemas` name of a shared body instead of `schema`. */
  ref?: 'Error' | 'OAuthError';
  headers?: Record<string, string>;
}

/**
 * An HTTP endpoint as the OpenAPI document describes it: REST routes are turned into this
 * (src/openapi/rest-endpoints.ts), the OAuth and discovery endpoints declare it directly beside
 * their handlers. Every schema is a zod schema; nothing here is hand-written JSON Schema.
 */
export interface EndpointDoc {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI style: `/users/{userId}`. */
  path: string;
  operationId: string;
  tag: 'Bloq' | 'GreenCloud' | 'OAuth 2.0' | 'Service';
  summary: string;
  description?: string;
  /** Ways to authenticate, any one of which will do; `none` makes authentication optional. */
  auth: RouteAuth[];
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: Record<string, string>;
  body?: { mediaType: 'application/json' | 'application/x-www-form-urlencoded'; schema: z.ZodType };
  responses: Record<number, ResponseDoc>;
  example: { params?: Record<string, string>; query?: Record<string, string>; body?: Record<string, unknown> };
}
