import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';

/**
 * Threat: a client access token (made for other services, from a client key) changing the
 * account's password. Only an account access token may; other kinds are 403 Forbidden.
 */
const t = useTestApp();

async function otherKindTokens(userId: string): Promise<[string, string][]> {
  const cid = randomBytes(20).toString('hex');
  const { tokens } = t.app.services;
  return [
    ['client', (await tokens.sign('client', userId, 3600, { cid })).token],
    ['refresh', (await tokens.sign('refresh', userId, 3600, { cid, fam: cid })).token],
  ];
}

describe('password change with a client access token', () => {
  it('is refused on every path with 403 Forbidden, and nothing changes', async () => {
    const user = await signUpVerified(t);
    for (const [, token] of await otherKindTokens(user.id)) {
      const bloq = await rest(t.app, 'PUT', '/users/me/password', {
        token,
        body: { oldPassword: PASSWORD, newPassword: 'N3w!passphrase' },
      });
      expect([bloq.status, bloq.body.code]).toEqual([403, 'Forbidden']);
      const green = await rest(t.app, 'PUT', '/api/user/password', { token, body: { password: 'N3w!passphrase' } });
      expect([green.status, green.body.code]).toEqual([403, 'Forbidden']);
      const graph = await gql(
        t.app,
        'mutation ($n: String!) { changePassword(newPassword: $n) { accessToken } }',
        { n: 'N3w!passphrase' },
        { token },
      );
      expect(graph.body.errors?.[0]?.extensions?.code).toBe('Forbidden');
    }
    await login(t, user.email, PASSWORD);
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);
  });

  it('a client token issued through a real client key is refused too', async () => {
    const user = await signUpVerified(t);
    const key = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
    expect(key.status).toBe(200);
    const grant = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: key.body.clientId, clientSecret: key.body.clientSecret },
    });
    expect(grant.status).toBe(200);
    const reply = await rest(t.app, 'PUT', '/users/me/password', {
      token: grant.body.accessToken,
      body: { oldPassword: PASSWORD, newPassword: 'N3w!passphrase' },
    });
    expect([reply.status, reply.body.code]).toEqual([403, 'Forbidden']);
    await login(t, user.email, PASSWORD);
  });

  it('nor can a client token manage two-factor or rotate the API key', async () => {
    const user = await signUpVerified(t);
    const [[, token]] = (await otherKindTokens(user.id)) as [[string, string]];
    expect((await rest(t.app, 'POST', '/api/auth/2FA', { token })).status).toBe(403);
    expect((await rest(t.app, 'DELETE', '/api/auth/2FA', { token, body: { code: '123456' } })).status).toBe(403);
    const rotate = await gql(t.app, 'mutation { rotateApiKey { apiKey } }', {}, { token });
    expect(rotate.body.errors?.[0]?.extensions?.code).toBe('Forbidden');
  });
});
