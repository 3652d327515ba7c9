/**
 * A typed client for the REST paths, built on openapi-fetch from the types openapi-typescript
 * generates from openapi.json (`npm run openapi:print`). Paths, parameters, bodies and replies
 * are checked by tsc: a misspelled path or body field does not compile.
 *
 *   const api = createRestClient('https://accounts.example.com', token);
 *   const { data, error } = await api.GET('/users/me');
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
export type RestClient = Client<paths>;

/** The `{code, message}` body every REST error carries. */
export type RestError = components['schemas']['Error'];

/**
 * `token` (a bearer access token) is sent on every call; per call, `headers: { authorization }`
 * overrides it (HTTP Basic for POST /auth). `options.fetch` replaces the global fetch, for
 * example with an in-process app's `fetch`.
 */
export function createRestClient(
  baseUrl: string,
  token?: string,
  options: Omit<ClientOptions, 'baseUrl'> = {},
): RestClient {
  const headers = new Headers(options.headers as HeadersInit | undefined);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return createClient<paths>({ ...options, baseUrl, headers: Object.fromEntries(headers) });
}

/** An `Authorization: Basic` header value (RFC 7617: UTF-8, user name without a colon). */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
