import { describe, expect, it } from 'vitest';
import { createTestApp, lastMailValue, useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUp, signUpVerified } from '../support/http.js';
import { storedEvents } from './helpers.js';

const t = useTestApp();

const EVENT_ID = /^event-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs `call` and returns the one event it produced for `userId` (failing if not exactly one). */
async function oneEventOf(userId: string, call: () => Promise<{ text: string }>) {
  const before = new Set((await storedEvents(t, userId)).map((e) => e.id));
  const reply = await call();
  const added = (await storedEvents(t, userId)).filter((e) => !before.has(e.id));
  expect(added).toHaveLength(1);
  const event = added[0]!;
  const output = event.output as { startTime: string; endTime: string; httpStatusCode: number; bytesOut: number };
  // bytesOut is the size of the body the client actually received.
  expect(output.bytesOut).toBe(Buffer.byteLength(reply.text));
  expect(event.id).toMatch(EVENT_ID);
  expect(event.service).toBe('cloud-accounts');
  expect(event.serviceData).toEqual({});
  expect(event.httpStatusCode).toBe(output.httpStatusCode);
  expect(Date.parse(output.startTime)).toBeLessThanOrEqual(Date.parse(output.endTime));
  expect(event.createdAt.toISOString()).toBe(output.endTime);
  return { event, input: event.input as Record<string, unknown>, output, reply };
}

describe('every kind of call made with a user credential becomes one event', () => {
  it('Basic login: success and a wrong password on an existing account', async () => {
    const user = await signUpVerified(t);
    const ok = await oneEventOf(user.id, () =>
      rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } }),
    );
    expect(ok.input).toEqual({ method: 'POST', path: '/auth', operationName: 'login' });
    expect(ok.output.httpStatusCode).toBe(200);

    const bad = await oneEventOf(user.id, () =>
      rest(t.app, 'POST', '/auth', { basic: { username: user.id, password: 'Wrong!pass1' } }),
    );
    expect(bad.output.httpStatusCode).toBe(401);
    expect(bad.input).toEqual({ method: 'POST', path: '/auth', operationName: 'login' });
  });

  it('a login before verifying is an event of that account', async () => {
    const user = await signUp(t);
    const { output } = await oneEventOf(user.id, () =>
      rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } }),
    );
    expect(output.httpStatusCode).toBe(403);
  });

  it('account token on a REST path that runs GraphQL inside: one event, not two', async () => {
    const user = await signUpVerified(t);
    const { input, output } = await oneEventOf(user.id, () => rest(t.app, 'GET', '/users/me', { token: user.token }));
    expect(input).toEqual({ method: 'GET', path: '/users/me', operationName: 'Me' });
    expect(output.httpStatusCode).toBe(200);
    expect(output.bytesOut).toBeGreaterThan(100);
  });

  it('a GraphQL call names its operation; the query string is not kept', async () => {
    const user = await signUpVerified(t);
    const posted = await oneEventOf(user.id, () => gql(t.app, 'query WhoAmI { me { id } }', {}, { token: user.token }));
    expect(posted.input).toEqual({ method: 'POST', path: '/graphql', operationName: 'WhoAmI' });

    const viaGet = await oneEventOf(user.id, () =>
      rest(t.app, 'GET', `/graphql?query=${encodeURIComponent('query ByGet { me { email } }')}`, {
        token: user.token,
        headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
      }),
    );
    expect(viaGet.input).toEqual({ method: 'GET', path: '/graphql', operationName: 'ByGet' });
  });

  it('a call with a rejected token of the user is recorded with its status', async () => {
    const user = await signUpVerified(t);
    // A client token where an account token is needed: valid, but not allowed here (403).
    const { token } = await t.app.services.tokens.sign('client', user.id, 60, { cid: 'a'.repeat(40) });
    const { output } = await oneEventOf(user.id, () => rest(t.app, 'GET', '/users/me', { token }));
    expect(output.httpStatusCode).toBe(403);
  });

  it('client keys: creating one, the client-credentials grant and the refresh grant', async () => {
    const user = await signUpVerified(t);
    const created = await oneEventOf(user.id, () =>
      rest(t.app, 'POST', '/users/me/client-keys', { token: user.token }),
    );
    const { clientId, clientSecret } = JSON.parse(created.reply.text) as { clientId: string; clientSecret: string };
    expect(created.input).toEqual({ method: 'POST', path: '/users/me/client-keys', operationName: 'CreateClientKey' });

    const grant = await oneEventOf(user.id, () =>
      rest(t.app, 'POST', '/auth/token', { body: { grantType: 'clientCredentials', clientId, clientSecret } }),
    );
    expect(grant.output.httpStatusCode).toBe(200);
    expect(grant.input).toEqual({ method: 'POST', path: '/auth/token', operationName: 'Token', clientKeyId: clientId });

    const { refreshToken } = JSON.parse(grant.reply.text) as { refreshToken: string };
    const refreshed = await oneEventOf(user.id, () =>
      rest(t.app, 'POST', '/auth/token', { body: { grantType: 'refreshToken', refreshToken } }),
    );
    expect(refreshed.input).toMatchObject({ path: '/auth/token', clientKeyId: clientId });

    const deleted = await oneEventOf(user.id, () =>
      rest(t.app, 'DELETE', `/users/me/client-keys/${clientId}`, { token: user.token }),
    );
    expect(deleted.output).toMatchObject({ httpStatusCode: 204, bytesOut: 0 });
    expect(deleted.input).toMatchObject({ path: `/users/me/client-keys/${clientId}` });
  });

  it('email verification is an event of the account, with the token kept out of the path', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    const wrong = await oneEventOf(user.id, () =>
      rest(t.app, 'PUT', `/users/${user.id}/token/00000000-0000-4000-8000-000000000000`),
    );
    expect(wrong.output.httpStatusCode).toBe(400);
    expect(wrong.input).toEqual({
      method: 'PUT',
      path: `/users/${user.id}/token/:token`,
      operationName: 'verifyEmail',
    });
    const ok = await oneEventOf(user.id, () => rest(t.app, 'PUT', `/users/${user.id}/token/${token}`));
    expect(ok.output).toMatchObject({ httpStatusCode: 204, bytesOut: 0 });
    expect(JSON.stringify(ok.event)).not.toContain(token);
  });

  it('calls with no user behind them record nothing', async () => {
    const before = await t.db.prisma.event.count();
    await rest(t.app, 'GET', '/');
    await rest(t.app, 'GET', '/healthz');
    await rest(t.app, 'GET', '/users/me');
    await gql(t.app, '{ __typename }');
    await t.app.services.events.flush();
    expect(await t.db.prisma.event.count()).toBe(before);
  });
});

describe('EVENTS_ENABLED=false', () => {
  it('records nothing', async () => {
    const off = await createTestApp({ EVENTS_ENABLED: 'false' });
    try {
      const user = await signUpVerified(off);
      expect((await rest(off.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);
      await off.app.services.events.flush();
      expect(await off.db.prisma.event.count()).toBe(0);
    } finally {
      await off.close();
    }
  });
});
