import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { schema } from '../../src/graphql/schema.js';
import { rootFields } from '../../src/graphql/policy/field-policy.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { gql, rest, uniqueEmail, type Reply, type RestOptions } from '../support/http.js';
import { freshIp, retryAfter } from '../support/abuse.js';

// Every limited operation allows 2 calls per IP per hour here; the third gets 429.
const LIMIT = 2;
const WINDOW = 3600;
// Each root field with a per-IP limit in its policy, and that limit.
const LIMITED = new Map(
  rootFields(schema).flatMap(({ name, policy }) => (policy?.limit ? [[name, policy.limit]] : [])),
);
let t: TestApp;
beforeAll(async () => {
  const limits = Object.fromEntries([...new Set(LIMITED.values())].map((name) => [name, `${LIMIT}/${WINDOW}`]));
  t = await createTestApp(limits);
});
afterAll(() => t.close());

const UNKNOWN_ID = 'user-00000000-0000-4000-8000-000000000000';
const UUID = '00000000-0000-4000-8000-000000000000';
const signUpBody = () => ({
  email: uniqueEmail('limited'),
  password: 'Corr3ct!Horse',
  displayName: 'Limited',
  billingAddress: { address: '1 Main St', zipCode: '12345', state: 'CA', country: 'US' },
});

/** Each limited REST path with a request that reaches its operation (whatever it then answers). */
const REST_CASES: [string, string, () => RestOptions][] = [
  ['POST', '/auth', () => ({ basic: { username: 'someone@example.com', password: 'Wrong!passw0rd' } })],
  ['POST', '/api/auth/apiKey', () => ({ body: { key: UUID } })],
  [
    'POST',
    '/auth/token',
    () => ({ body: { grantType: 'clientCredentials', clientId: '0'.repeat(40), clientSecret: '0'.repeat(80) } }),
  ],
  ['POST', '/users', () => ({ body: signUpBody() })],
  ['PUT', `/users/${UNKNOWN_ID}/token/${UUID}`, () => ({})],
  ['POST', '/api/user/resetPassword', () => ({ body: { email: 'someone@example.com' } })],
  ['PUT', '/api/user/resetPassword', () => ({ body: { code: '0'.repeat(32), password: 'New!qu4rtzowl' } })],
  ['POST', '/api/user/setPassword', () => ({ body: { code: '0'.repeat(32), password: 'New!qu4rtzowl' } })],
  ['PUT', '/users/me/password', () => ({ body: { oldPassword: 'Old!qu4rtzowl', newPassword: 'New!qu4rtzowl' } })],
  ['PUT', '/api/user/password', () => ({ body: { password: 'New!qu4rtzowl' } })],
  ['POST', '/api/auth/2FA', () => ({})],
  ['POST', '/api/auth/verify2FA', () => ({ body: { code: '123456' } })],
  ['DELETE', '/api/auth/2FA', () => ({ body: { code: '123456' } })],
  ['DELETE', '/users/me', () => ({ body: { password: 'Old!qu4rtzowl' } })],
];

/** Each limited GraphQL field, called with arguments that pass validation. */
const GRAPHQL_CASES: Record<string, () => string> = {
  login: () => `mutation { login(username: "someone@example.com", password: "Wrong!passw0rd") { accessToken } }`,
  loginWithApiKey: () => `mutation { loginWithApiKey(key: "${UUID}") { accessToken } }`,
  token: () =>
    `mutation { token(input: { grantType: clientCredentials, clientId: "${'0'.repeat(40)}", clientSecret: "x" }) { accessToken } }`,
  signUp: () => `mutation { signUp(input: { email: "${uniqueEmail('limited')}", password: "Corr3ct!Horse" }) { id } }`,
  verifyEmail: () => `mutation { verifyEmail(user: "${UNKNOWN_ID}", token: "${UUID}") }`,
  requestPasswordReset: () => `mutation { requestPasswordReset(email: "someone@example.com") }`,
  resetPassword: () => `mutation { resetPassword(code: "${'0'.repeat(32)}", password: "New!qu4rtzowl") }`,
  changePassword: () => `mutation { changePassword(newPassword: "New!qu4rtzowl") { accessToken } }`,
  setupTwoFactor: () => `mutation { setupTwoFactor { secret } }`,
  enableTwoFactor: () => `mutation { enableTwoFactor(code: "123456") { recoveryCodes } }`,
  disableTwoFactor: () => `mutation { disableTwoFactor(code: "123456") }`,
  deleteMyAccount: () => `mutation { deleteMyAccount(password: "Old!qu4rtzowl") }`,
  revokeToken: () =>
    `mutation { revokeToken(clientId: "${'0'.repeat(40)}", clientSecret: "x", token: "x") { revoked } }`,
};

function expectLimited(reply: Reply) {
  expect(reply.status).toBe(429);
  expect(reply.body).toEqual({ code: 'TooManyRequests', message: expect.any(String) });
  expect(retryAfter(reply)).toBeGreaterThan(WINDOW - 60);
  expect(retryAfter(reply)).toBeLessThanOrEqual(WINDOW);
}

describe('per-IP rate limits', () => {
  it('every field whose policy names a limit has a case here', () => {
    expect(Object.keys(GRAPHQL_CASES).sort()).toEqual([...LIMITED.keys()].sort());
  });

  it.each(REST_CASES)(
    '%s %s answers 429 with Retry-After and {code, message} beyond its limit',
    async (method, path, options) => {
      const ip = freshIp();
      for (let i = 0; i < LIMIT; i++) {
        const reply = await rest(t.app, method, path, { ...options(), clientIp: ip });
        expect(reply.status, reply.text).not.toBe(429);
        expect(reply.status, reply.text).toBeLessThan(500);
      }
      expectLimited(await rest(t.app, method, path, { ...options(), clientIp: ip }));
      // Another client is not affected.
      const other = await rest(t.app, method, path, { ...options(), clientIp: freshIp() });
      expect(other.status, other.text).not.toBe(429);
    },
  );

  it.each(Object.entries(GRAPHQL_CASES))(
    'GraphQL %s answers TooManyRequests with Retry-After beyond its limit',
    async (field, query) => {
      const ip = freshIp();
      for (let i = 0; i < LIMIT; i++) {
        const reply = await gql(t.app, query(), {}, { clientIp: ip });
        expect(reply.body.errors?.[0]?.extensions?.code, reply.text).not.toBe('TooManyRequests');
      }
      const limited = await gql(t.app, query(), {}, { clientIp: ip });
      expect(limited.body.data?.[field] ?? null).toBeNull();
      expect(limited.body.errors?.[0]).toMatchObject({
        message: expect.any(String),
        path: [field],
        extensions: { code: 'TooManyRequests', retryAfter: expect.any(Number) },
      });
      expect(retryAfter(limited)).toBeGreaterThan(WINDOW - 60);
      const other = await gql(t.app, query(), {}, { clientIp: freshIp() });
      expect(other.body.errors?.[0]?.extensions?.code, other.text).not.toBe('TooManyRequests');
    },
  );

  it('REST and GraphQL share one count per operation: they are one operation', async () => {
    const ip = freshIp();
    await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email: 'a@example.com' }, clientIp: ip });
    await gql(t.app, GRAPHQL_CASES.requestPasswordReset!(), {}, { clientIp: ip });
    expectLimited(
      await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email: 'b@example.com' }, clientIp: ip }),
    );
  });

  it('an IPv6 client is counted by its /64, so rotating addresses within it buys nothing', async () => {
    const call = (clientIp: string) =>
      rest(t.app, 'POST', '/api/user/resetPassword', { body: { email: 'a@example.com' }, clientIp });
    expect((await call('2001:db8:aa:1::1')).status).toBe(204);
    expect((await call('2001:db8:aa:1:ffff::2')).status).toBe(204);
    expectLimited(await call('2001:db8:aa:1::3'));
    expect((await call('2001:db8:aa:2::1')).status).toBe(204);
    // IPv4-mapped IPv6 is the IPv4 address.
    expect((await call('203.0.113.77')).status).toBe(204);
    expect((await call('::ffff:203.0.113.77')).status).toBe(204);
    expectLimited(await call('203.0.113.77'));
  });

  it('a limit is written <requests>/<seconds>; anything else stops start-up naming the setting', () => {
    expect(loadConfig({ RATE_LIMIT_SIGNUP: '5/60' }).RATE_LIMIT_SIGNUP).toEqual({ points: 5, duration: 60 });
    expect(loadConfig({}).RATE_LIMIT_LOGIN).toEqual({ points: 60, duration: 60 });
    for (const bad of ['60', '0/60', '60/0', '-1/60', '60/sixty', '1e3/60']) {
      expect(() => loadConfig({ RATE_LIMIT_LOGIN: bad }), bad).toThrow(ConfigError);
      try {
        loadConfig({ RATE_LIMIT_LOGIN: bad });
      } catch (error) {
        expect((error as ConfigError).lines).toEqual([expect.stringMatching(/^RATE_LIMIT_LOGIN: /)]);
      }
    }
  });

  it('operations outside the table are not limited', async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMIT + 3; i++)
      expect((await rest(t.app, 'GET', '/users/me', { clientIp: ip })).status).toBe(401);
  });
});
