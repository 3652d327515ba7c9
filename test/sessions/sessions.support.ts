import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { gql, login, rest } from '../support/http.js';

/** A second, independent session of the same account (another device signing in). */
export const otherSession = (t: TestApp, email: string, password: string) => login(t, email, password);

/** An account token made from the user's API key, read with `token` from GET /api/user. */
export async function apiKeySession(t: TestApp, token: string): Promise<{ apiKey: string; token: string }> {
  const apiKey = (await rest(t.app, 'GET', '/api/user', { token })).body.apiKey as string;
  const reply = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey } });
  if (reply.status !== 200) throw new Error(`API-key login failed: ${reply.status} ${reply.text}`);
  return { apiKey, token: reply.body.accessToken };
}

/** The token still works on the Bloq, GreenCloud and GraphQL paths. */
export async function expectAlive(t: TestApp, token: string, label = 'token'): Promise<void> {
  expect((await rest(t.app, 'GET', '/users/me', { token })).status, `${label}: GET /users/me`).toBe(200);
  expect((await rest(t.app, 'GET', '/api/user', { token })).status, `${label}: GET /api/user`).toBe(200);
  expect((await gql(t.app, '{ me { id } }', {}, { token })).body.data?.me?.id, `${label}: me`).toBeTruthy();
}

/** The token is refused everywhere with 401 InvalidToken. */
export async function expectDead(t: TestApp, token: string, label = 'token'): Promise<void> {
  const bloq = await rest(t.app, 'GET', '/users/me', { token });
  expect([bloq.status, bloq.body.code], `${label}: GET /users/me`).toEqual([401, 'InvalidToken']);
  const green = await rest(t.app, 'GET', '/api/user', { token });
  expect([green.status, green.body.code], `${label}: GET /api/user`).toEqual([401, 'InvalidToken']);
  const graph = await gql(t.app, '{ me { id } }', {}, { token });
  expect(graph.body.errors?.[0]?.extensions?.code, `${label}: me`).toBe('InvalidToken');
}
