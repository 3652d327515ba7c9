import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, requestResetCode } from '../support/two-factor.js';
import { WRONG_PASSWORD } from '../support/abuse.js';
import { codeOf, disableUser, signUpAdmin } from './admin.support.js';

// Threat (issue 13): a disabled account signs in again by some other door: the password, the API
// key, the second-factor step, or a password reset that quietly re-enables it.
const t = useTestApp();

const NEW_PASSWORD = 'Res3t!passphrase';

async function disabledUser() {
  const admin = await signUpAdmin(t);
  const user = await signUpVerified(t);
  const apiKey = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body.apiKey as string;
  return { admin, user, apiKey };
}

describe('a disabled account cannot sign in', () => {
  it('with the password: 403 AccountDisabled on REST and GraphQL', async () => {
    const { admin, user } = await disabledUser();
    await disableUser(t, admin.token, user.id);
    const basic = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect([basic.status, basic.body.code]).toEqual([403, 'AccountDisabled']);
    const graph = await gql(
      t.app,
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
      {
        u: user.email,
        p: PASSWORD,
      },
    );
    expect(codeOf(graph)).toBe('AccountDisabled');
  });

  it('tells a password guesser nothing: a wrong password is still InvalidCredentials', async () => {
    const { admin, user } = await disabledUser();
    await disableUser(t, admin.token, user.id);
    const wrong = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: WRONG_PASSWORD } });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'InvalidCredentials']);
  });

  it('with the API key', async () => {
    const { admin, user, apiKey } = await disabledUser();
    await disableUser(t, admin.token, user.id);
    const reply = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey } });
    expect([reply.status, reply.body.code]).toEqual([403, 'AccountDisabled']);
  });

  it('is refused before the second-factor step, not asked for a code', async () => {
    const { admin, user } = await disabledUser();
    await enableTwoFactor(t, user.token);
    await disableUser(t, admin.token, user.id);
    const reply = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect([reply.status, reply.body.code]).toEqual([403, 'AccountDisabled']);
  });

  it('through a password reset: refused, the password unchanged, the account still disabled', async () => {
    const { admin, user } = await disabledUser();
    // A code mailed before the disable must not open the account afterwards either.
    const code = await requestResetCode(t, user.email);
    await disableUser(t, admin.token, user.id);
    const reply = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password: NEW_PASSWORD } });
    expect([reply.status, reply.body.code]).toEqual([403, 'AccountDisabled']);
    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.disabledAt).not.toBeNull();
    const basic = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect(basic.body.code).toBe('AccountDisabled');
  });

  it('signs in again once enabled', async () => {
    const { admin, user } = await disabledUser();
    await disableUser(t, admin.token, user.id);
    const enabled = await gql(
      t.app,
      `mutation($id: ID!) { adminEnableUser(id: $id) { id } }`,
      { id: user.id },
      {
        token: admin.token,
      },
    );
    expect(enabled.body.errors).toBeUndefined();
    await expect(login(t, user.email, PASSWORD)).resolves.toMatch(/^eyJ/);
  });
});
