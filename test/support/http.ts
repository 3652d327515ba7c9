import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import type { TestApp } from './app.js';
import { lastMailValue } from './app.js';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RestOptions {
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as HTTP Basic. */
  basic?: { username: string; password: string };
  headers?: Record<string, string>;
  clientIp?: string;
}

/** The headers and body a call with these options sends (Bearer or Basic, JSON body). */
export function requestParts(options: Omit<RestOptions, 'clientIp'>): { headers: Headers; body?: string } {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  if (options.basic) {
    headers.set(
      'authorization',
      `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`,
    );
  }
  if (options.body === undefined) return { headers };
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { headers, body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) };
}

/** One REST call through app.fetch, in-process. */
export async function rest(app: App, method: string, path: string, options: RestOptions = {}): Promise<Reply> {
  const { headers, body } = requestParts(options);
  const response = await app.fetch(new Request(`http://localhost${path}`, { method, headers, body }), {
    clientIp: options.clientIp ?? '127.0.0.1',
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (GraphiQL's HTML, say): callers read `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** One GraphQL operation over POST /graphql, in-process. */
export async function gql(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  options: Omit<RestOptions, 'body'> = {},
): Promise<Reply<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>> {
  return rest(app, 'POST', '/graphql', { ...options, body: { query, variables } });
}

export const PASSWORD = 'Corr3ct!Horse';

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 8)}@example.com`;

export interface SignedUp {
  id: string;
  email: string;
  password: string;
}

/** Signs up through POST /users and returns the new user (unverified). */
export async function signUp(t: TestApp, email = uniqueEmail(), password = PASSWORD): Promise<SignedUp> {
  const reply = await rest(t.app, 'POST', '/users', {
    body: {
      email,
      password,
      displayName: 'Test User',
      billingAddress: { address: '1 Main St', zipCode: '12345', state: 'CA', country: 'US' },
    },
  });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${reply.text}`);
  return { id: reply.body.id, email, password };
}

/** Signs up, verifies with the mailed token and logs in; returns the user and an account token. */
export async function signUpVerified(
  t: TestApp,
  email = uniqueEmail(),
  password = PASSWORD,
): Promise<SignedUp & { token: string }> {
  const user = await signUp(t, email, password);
  const verificationToken = lastMailValue(t.config, email, 'Verification token');
  const verified = await rest(t.app, 'PUT', `/users/${user.id}/token/${verificationToken}`);
  if (verified.status !== 204) throw new Error(`verify failed: ${verified.status} ${verified.text}`);
  return { ...user, token: await login(t, email, password) };
}

export async function login(t: TestApp, username: string, password: string): Promise<string> {
  const reply = await rest(t.app, 'POST', '/auth', { basic: { username, password } });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return reply.body.accessToken;
}
