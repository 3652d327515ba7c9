import { expect } from 'vitest';
import { setAdminRole } from '../../src/modules/admin/admin-role.js';
import type { TestApp } from '../support/app.js';
import { gql, rest, signUpVerified, type Reply } from '../support/http.js';

/** A verified account made administrator the way the shell command does it, with a password session. */
export async function signUpAdmin(t: TestApp) {
  const admin = await signUpVerified(t);
  await setAdminRole(t.db.prisma, admin.email, true);
  return admin;
}

/** Runs one admin operation with `token`; returns the reply. */
export function asAdmin(t: TestApp, token: string, query: string, variables: Record<string, unknown> = {}) {
  return gql(t.app, query, variables, { token });
}

export const DISABLE = `mutation($id: ID!, $reason: String) { adminDisableUser(id: $id, reason: $reason) { id disabledAt } }`;
export const ENABLE = `mutation($id: ID!) { adminEnableUser(id: $id) { id disabledAt } }`;

/** Disables `id` as the administrator holding `token`, and checks it worked. */
export async function disableUser(t: TestApp, token: string, id: string, reason?: string): Promise<void> {
  const reply = await asAdmin(t, token, DISABLE, { id, reason });
  expect(reply.body.errors, reply.text).toBeUndefined();
  expect(reply.body.data.adminDisableUser.disabledAt).toEqual(expect.any(String));
}

export async function enableUser(t: TestApp, token: string, id: string): Promise<void> {
  const reply = await asAdmin(t, token, ENABLE, { id });
  expect(reply.body.errors, reply.text).toBeUndefined();
  expect(reply.body.data.adminEnableUser.disabledAt).toBeNull();
}

/** The first error code of a GraphQL reply. */
export const codeOf = (reply: Reply) => reply.body.errors?.[0]?.extensions?.code as string | undefined;

/** A client key of the user's and a clientCredentials grant from it. */
export async function clientGrant(t: TestApp, token: string) {
  const key = await rest(t.app, 'POST', '/users/me/client-keys', { token });
  expect(key.status, key.text).toBe(200);
  const grant = await rest(t.app, 'POST', '/auth/token', {
    body: { grantType: 'clientCredentials', clientId: key.body.clientId, clientSecret: key.body.clientSecret },
  });
  expect(grant.status, grant.text).toBe(200);
  return {
    clientId: key.body.clientId as string,
    clientSecret: key.body.clientSecret as string,
    accessToken: grant.body.accessToken as string,
    refreshToken: grant.body.refreshToken as string,
  };
}

/** Whether a client token is active, asked with a key of someone else (`askerToken`'s account). */
export async function introspect(t: TestApp, askerToken: string, token: string): Promise<boolean> {
  const key = await rest(t.app, 'POST', '/users/me/client-keys', { token: askerToken });
  const reply = await rest(t.app, 'POST', '/auth/introspect', {
    basic: { username: key.body.clientId, password: key.body.clientSecret },
    body: { token },
  });
  expect(reply.status, reply.text).toBe(200);
  return reply.body.active as boolean;
}
