import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUpVerified, type Reply, type SignedUp } from '../support/http.js';
import { totpCode } from '../support/two-factor.js';

// A browser or shared proxy that stores an answer carrying a token, client secret, API key or 2FA
// secret hands it to the next person at that machine or cache. Such answers must say no-store;
// and every answer, errors included, must tell the browser not to sniff or leak the referrer.

let t: TestApp;
let user: SignedUp & { token: string };
beforeAll(async () => {
  t = await createTestApp();
  user = await signUpVerified(t);
});
afterAll(() => t.close());

function expectNotStored(reply: Reply, label: string) {
  expect(reply.status, `${label}: ${reply.text.slice(0, 200)}`).toBeLessThan(300);
  expect(reply.headers.get('cache-control'), label).toBe('no-store');
}

function expectSecurityHeaders(reply: Reply, label: string) {
  expect(reply.headers.get('x-content-type-options'), label).toBe('nosniff');
  expect(reply.headers.get('referrer-policy'), label).toBe('no-referrer');
}

describe('answers that carry a credential are never stored', () => {
  it('account tokens: POST /auth, POST /api/auth/apiKey and GraphQL login', async () => {
    const login = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expectNotStored(login, 'POST /auth');
    expect(login.body.accessToken).toBeTruthy();
    const account = await rest(t.app, 'GET', '/api/user', { token: user.token });
    expectNotStored(account, 'GET /api/user (holds the API key)');
    const byKey = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: account.body.apiKey } });
    expectNotStored(byKey, 'POST /api/auth/apiKey');
    const graphql = await gql(
      t.app,
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
      { u: user.email, p: PASSWORD },
    );
    expectNotStored(graphql, 'GraphQL login');
  });

  it('client secrets and client tokens', async () => {
    const created = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
    expectNotStored(created, 'POST /users/me/client-keys');
    const { clientId, clientSecret } = created.body;
    const grant = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId, clientSecret },
    });
    expectNotStored(grant, 'POST /auth/token');
    expect(grant.body.refreshToken).toBeTruthy();
  });

  it('2FA secrets and recovery codes', async () => {
    const other = await signUpVerified(t);
    const setup = await rest(t.app, 'POST', '/api/auth/2FA', { token: other.token });
    expectNotStored(setup, 'POST /api/auth/2FA');
    const enabled = await rest(t.app, 'POST', '/api/auth/verify2FA', {
      token: other.token,
      body: { code: totpCode(setup.body.seed) },
    });
    expectNotStored(enabled, 'POST /api/auth/verify2FA');
    expect(enabled.body.recoveryCodes.length).toBeGreaterThan(0);
    const me = await rest(t.app, 'GET', '/users/me', { token: other.token });
    expectNotStored(me, 'GET /users/me');
  });

  it('errors and 404s carry no-store, nosniff and no-referrer as well', async () => {
    for (const [method, path] of [
      ['GET', '/no/such/path'],
      ['GET', '/users/me'],
      ['DELETE', '/auth'],
    ] as const) {
      const reply = await rest(t.app, method, path);
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.headers.get('cache-control'), path).toBe('no-store');
      expectSecurityHeaders(reply, `${method} ${path}`);
    }
    const graphqlError = await gql(t.app, '{ me { id } }');
    expect(graphqlError.headers.get('cache-control')).toBe('no-store');
    expectSecurityHeaders(graphqlError, 'GraphQL error');
  });
});

describe('public answers keep their own caching', () => {
  it('the JWKS stays publicly cacheable, with the security headers', async () => {
    const jwks = await rest(t.app, 'GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300');
    expectSecurityHeaders(jwks, 'JWKS');
  });

  it('every REST and GraphQL answer checked here sends nosniff and no-referrer', async () => {
    for (const reply of [
      await rest(t.app, 'GET', '/'),
      await rest(t.app, 'GET', '/healthz'),
      await rest(t.app, 'GET', '/users/me', { token: user.token }),
      await gql(t.app, '{ __typename }'),
    ]) {
      expectSecurityHeaders(reply, reply.text.slice(0, 60));
    }
  });
});
