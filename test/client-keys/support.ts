import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { rest, signUpVerified, type Reply, type SignedUp } from '../support/http.js';

export interface Key {
  clientId: string;
  clientSecret: string;
}

export interface Holder {
  user: SignedUp & { token: string };
  key: Key;
}

export async function createKey(t: TestApp, accountToken: string): Promise<Key> {
  const reply = await rest(t.app, 'POST', '/users/me/client-keys', { token: accountToken });
  expect(reply.status, reply.text).toBe(200);
  return { clientId: reply.body.clientId, clientSecret: reply.body.clientSecret };
}

export function clientCredentials(t: TestApp, key: Key): Promise<Reply> {
  return rest(t.app, 'POST', '/auth/token', { body: { grantType: 'clientCredentials', ...key } });
}

export function refresh(t: TestApp, refreshToken: string, app = t.app): Promise<Reply> {
  return rest(app, 'POST', '/auth/token', { body: { grantType: 'refreshToken', refreshToken } });
}

/** Introspects `token`, authenticating with `caller` as HTTP Basic. */
export function introspect(t: TestApp, caller: Key, token: string): Promise<Reply> {
  return rest(t.app, 'POST', '/auth/introspect', {
    basic: { username: caller.clientId, password: caller.clientSecret },
    body: { token },
  });
}

/** A verified user with an account token and one client key. */
export async function keyHolder(t: TestApp): Promise<Holder> {
  const user = await signUpVerified(t);
  return { user, key: await createKey(t, user.token) };
}

/** Client credentials exchanged for `{accessToken, refreshToken}`; fails the test otherwise. */
export async function tokensFor(t: TestApp, key: Key): Promise<{ accessToken: string; refreshToken: string }> {
  const reply = await clientCredentials(t, key);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
}

/** The payload of a compact JWS, unverified (for inspecting claims in tests). */
export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export function headerOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
}
