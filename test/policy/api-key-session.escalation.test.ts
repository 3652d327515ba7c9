import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, rest, signUpVerified, type Reply, type SignedUp } from '../support/http.js';
import { enableTwoFactor, totpCode } from '../support/two-factor.js';

// Threat: whoever reads the API key (GET /api/user shows it to any account token) trades it for a
// session (POST /api/auth/apiKey: no password, no second factor) and escalates that session into
// the account: a new password without the old one, 2FA turned off or on with their own secret, a
// fresh API key, client keys of their own. Those need a session signed in with the password.

const t = useTestApp();

const NEW_PASSWORD = 'N3w!Passw0rd-ok';

async function apiKeySession(user: SignedUp & { token: string }): Promise<string> {
  const { apiKey } = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
  const reply = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey } });
  expect(reply.status, reply.text).toBe(200);
  return reply.body.accessToken;
}

function expectRefusedRest(reply: Reply) {
  expect(reply.status, reply.text).toBe(403);
  expect(reply.body).toEqual({ code: 'PasswordSignInRequired', message: expect.stringMatching(/password/i) });
}

function expectRefusedGraphQL(reply: Reply, field: string) {
  expect(reply.body.data ?? null).toBeNull();
  expect(reply.body.errors?.[0]).toMatchObject({ path: [field], extensions: { code: 'PasswordSignInRequired' } });
}

const twofaOn = async (token: string) => (await rest(t.app, 'GET', '/api/user', { token })).body.twofa as boolean;

describe('a session made from the API key', () => {
  it('cannot set a new password (GreenCloud path, GraphQL); the old one keeps working', async () => {
    const user = await signUpVerified(t);
    const session = await apiKeySession(user);
    expectRefusedRest(
      await rest(t.app, 'PUT', '/api/user/password', { token: session, body: { password: NEW_PASSWORD } }),
    );
    expectRefusedGraphQL(
      await gql(
        t.app,
        `mutation { changePassword(newPassword: "${NEW_PASSWORD}") { accessToken } }`,
        {},
        { token: session },
      ),
      'changePassword',
    );
    await expect(login(t, user.email, user.password)).resolves.toMatch(/^eyJ/);
    await expect(login(t, user.email, NEW_PASSWORD)).rejects.toThrow();
  });

  it('cannot turn two-factor on', async () => {
    const user = await signUpVerified(t);
    const session = await apiKeySession(user);
    expectRefusedRest(await rest(t.app, 'POST', '/api/auth/2FA', { token: session }));
    expectRefusedGraphQL(
      await gql(t.app, 'mutation { setupTwoFactor { secret } }', {}, { token: session }),
      'setupTwoFactor',
    );
    // Even with a setup the owner started, the intruder cannot finish it.
    const setup = await rest(t.app, 'POST', '/api/auth/2FA', { token: user.token });
    expect(setup.status).toBe(200);
    expectRefusedRest(
      await rest(t.app, 'POST', '/api/auth/verify2FA', { token: session, body: { code: totpCode(setup.body.seed) } }),
    );
    expectRefusedGraphQL(
      await gql(
        t.app,
        `mutation { enableTwoFactor(code: "${totpCode(setup.body.seed)}") { recoveryCodes } }`,
        {},
        {
          token: session,
        },
      ),
      'enableTwoFactor',
    );
    expect(await twofaOn(user.token)).toBe(false);
  });

  it('cannot turn two-factor off, even with a valid code', async () => {
    const user = await signUpVerified(t);
    const { recoveryCodes } = await enableTwoFactor(t, user.token);
    const session = await apiKeySession(user);
    expectRefusedRest(
      await rest(t.app, 'DELETE', '/api/auth/2FA', { token: session, body: { code: recoveryCodes[0] } }),
    );
    expectRefusedGraphQL(
      await gql(t.app, `mutation { disableTwoFactor(code: "${recoveryCodes[1]}") }`, {}, { token: session }),
      'disableTwoFactor',
    );
    expect(await twofaOn(user.token)).toBe(true);
  });

  it('cannot rotate the API key or create client keys', async () => {
    const user = await signUpVerified(t);
    const session = await apiKeySession(user);
    const { apiKey } = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
    expectRefusedGraphQL(
      await gql(t.app, 'mutation { rotateApiKey { apiKey } }', {}, { token: session }),
      'rotateApiKey',
    );
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).body.apiKey).toBe(apiKey);

    expectRefusedRest(await rest(t.app, 'POST', '/users/me/client-keys', { token: session }));
    expectRefusedGraphQL(
      await gql(t.app, 'mutation { createClientKey { clientId } }', {}, { token: session }),
      'createClientKey',
    );
    expect(await t.db.prisma.clientKey.count({ where: { userId: user.id } })).toBe(0);
  });

  it('still does what the API key is for: reading and editing the profile', async () => {
    const user = await signUpVerified(t);
    const session = await apiKeySession(user);
    expect((await rest(t.app, 'GET', '/api/user', { token: session })).body.id).toBe(user.id);
    const edited = await gql(
      t.app,
      'mutation { updateProfile(input: { name: "Keyed" }) { name } }',
      {},
      { token: session },
    );
    expect(edited.body).toEqual({ data: { updateProfile: { name: 'Keyed' } } });
  });
});

describe('a session signed in with the password', () => {
  it('may do all of it', async () => {
    const user = await signUpVerified(t);
    const created = await gql(t.app, 'mutation { createClientKey { clientId } }', {}, { token: user.token });
    expect(created.body.errors).toBeUndefined();
    const rotated = await gql(t.app, 'mutation { rotateApiKey { apiKey } }', {}, { token: user.token });
    expect(rotated.body.errors).toBeUndefined();
    const { recoveryCodes } = await enableTwoFactor(t, user.token);
    const off = await gql(
      t.app,
      `mutation { disableTwoFactor(code: "${recoveryCodes[0]}") }`,
      {},
      { token: user.token },
    );
    expect(off.body).toEqual({ data: { disableTwoFactor: true } });
    const changed = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: NEW_PASSWORD },
    });
    expect(changed.status, changed.text).toBe(204);
    await expect(login(t, user.email, NEW_PASSWORD)).resolves.toMatch(/^eyJ/);
  });
});
