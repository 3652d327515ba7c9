import type { z } from 'zod';
import type { ErrorCode } from '../shared/errors.js';

/** A request as a route's `variables` sees it: path, query and body already parsed by its schemas. */
export interface RestRequest<Body = Record<string, unknown>, Params = Record<string, string>, Query = object> {
  params: Params;
  query: Query;
  /** The raw query string, for replies that link to the next page. */
  search: URLSearchParams;
  body: Body;
  headers: Headers;
}

/**
 * How a caller proves who it is on a route: a bearer token (Bloq or GreenCloud session, client
 * access token), HTTP Basic with the account's email and password, HTTP Basic with a client key.
 */
export type RouteAuth = 'bearer' | 'userBasic' | 'clientBasic' | 'none';

type AnyObject = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

/** One example call of a route: the document shows it and test/openapi runs it. */
export interface RouteExample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/**
 * One documented REST path, mapped onto one GraphQL operation run in-process against the same
 * schema, so each behaviour exists once. Its schemas parse the request and describe the route in
 * the OpenAPI document (src/openapi), so the description cannot drift from what is accepted.
 */
export interface RouteSpec<
  Body extends AnyObject = AnyObject,
  Params extends AnyObject = AnyObject,
  Query extends AnyObject = AnyObject,
  Reply extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/users/:userId/token/:token` style. */
  path: string;
  /** A GraphQL document with exactly one operation. */
  document: string;
  tag: 'Bloq' | 'GreenCloud';
  summary: string;
  description?: string;
  auth: RouteAuth;
  /** The path parameters (`:name` segments), as strings. */
  params?: Params;
  /** The query parameters; each is a string (a repeated one counts once, its first value). */
  query?: Query;
  /** The JSON body; unknown members are ignored. Without a schema the body is not read for data. */
  body?: Body;
  /** The error codes this route's operation can answer with, beyond the request-shape and auth ones. */
  errors?: ErrorCode[];
  example: RouteExample;
  variables?: (req: RestRequest<z.output<Body>, z.output<Params>, z.output<Query>>) => Record<string, unknown>;
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 204;
  /** What a successful reply holds: `reply` returns it, the document describes it. */
  replySchema?: Reply;
  /** Shapes the JSON reply from the operation's data. */
  reply?: (data: Record<string, unknown>) => z.input<Reply>;
  /** Headers of a successful reply (a paging Link), from the operation's data and the request. */
  replyHeaders?: (data: Record<string, unknown>, search: URLSearchParams) => Record<string, string>;
  /** Headers a successful reply may carry, for the document: name and description. */
  replyHeaderDocs?: Record<string, string>;
  /** Request headers the route reads besides Authorization, for the document. */
  requestHeaderDocs?: Record<string, string>;
}

/** A route with its schema types erased, as the route table holds it. */
export type RestRoute = Omit<RouteSpec, 'variables' | 'reply'> & {
  variables?: (req: RestRequest<never, never, never>) => Record<string, unknown>;
  reply?: (data: Record<string, unknown>) => unknown;
};

/** Keeps a route's schema types while its `variables` and `reply` are checked against them. */
export function defineRoute<
  Body extends AnyObject = AnyObject,
  Params extends AnyObject = AnyObject,
  Query extends AnyObject = AnyObject,
  Reply extends z.ZodType = z.ZodType,
>(route: RouteSpec<Body, Params, Query, Reply>): RestRoute {
  return route as unknown as RestRoute;
}
