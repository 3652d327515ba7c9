import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, overSocket, requestResetCode, totpCode } from '../support/two-factor.js';

/**
 * Threat: getting around the second factor by a side door: a password reset (mailbox access
 * alone), the GreenCloud password path (a stolen token alone), the Bloq path (token and old
 * password), or re-running 2FA setup to swap in an attacker's secret.
 */
const t = useTestApp();

const NEW_PASSWORD = 'N3w!passphrase';

/** The password is still PASSWORD and no token was revoked. */
async function expectUnchanged(userId: string) {
  const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  expect(row.tokenVersion).toBe(0);
  expect(await t.app.services.hasher.verify(row.passwordHash, PASSWORD)).toBe(true);
}

describe('two-factor bypass', () => {
  it('reset demands the second factor: missing is 401 TwoFactorRequired, wrong is InvalidTwoFactorCode', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const code = await requestResetCode(t, user.email);
    const missing = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password: NEW_PASSWORD } });
    expect([missing.status, missing.body.code]).toEqual([401, 'TwoFactorRequired']);
    const empty = await overSocket(t, 'GET', '/api/user/resetPassword', { code, password: NEW_PASSWORD, twofa: '' });
    expect([empty.status, empty.body.code]).toEqual([401, 'TwoFactorRequired']);
    const wrong = await rest(t.app, 'POST', '/api/user/setPassword', {
      body: { code, password: NEW_PASSWORD, twofa: '000000' },
    });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    await expectUnchanged(user.id);
    // The reset code survived: with the second factor it goes through.
    const right = await overSocket(t, 'GET', '/api/user/resetPassword', {
      code,
      password: NEW_PASSWORD,
      twofa: totpCode(secret, 1),
    });
    expect(right.status).toBe(204);
    // 2FA stays on after a reset: the new password alone does not log in.
    const after = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: NEW_PASSWORD } });
    expect(after.body.code).toBe('TwoFactorRequired');
  });

  it('GreenCloud PUT /api/user/password demands the second factor', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const missing = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: NEW_PASSWORD },
    });
    expect([missing.status, missing.body.code]).toEqual([401, 'TwoFactorRequired']);
    const wrong = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: NEW_PASSWORD, twofa: '000000' },
    });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    // Nothing changed: the token still works, the old password still is the password.
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).status).toBe(200);
    await expectUnchanged(user.id);
    const right = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: NEW_PASSWORD, twofa: totpCode(secret, 1) },
    });
    expect(right.status).toBe(204);
  });

  it('Bloq PUT /users/me/password demands it too, even with the right old password (body or X-TwoFA)', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const body = { oldPassword: PASSWORD, newPassword: NEW_PASSWORD };
    const missing = await rest(t.app, 'PUT', '/users/me/password', { token: user.token, body });
    expect([missing.status, missing.body.code]).toEqual([401, 'TwoFactorRequired']);
    await expectUnchanged(user.id);
    const right = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body,
      headers: { 'x-twofa': totpCode(secret, 1) },
    });
    expect(right.status).toBe(200);
  });

  it('GraphQL changePassword and resetPassword demand it', async () => {
    const user = await signUpVerified(t);
    await enableTwoFactor(t, user.token);
    const change = await gql(
      t.app,
      'mutation ($n: String!, $o: String) { changePassword(newPassword: $n, oldPassword: $o) { accessToken } }',
      { n: NEW_PASSWORD, o: PASSWORD },
      { token: user.token },
    );
    expect(change.body.errors?.[0]?.extensions?.code).toBe('TwoFactorRequired');
    const code = await requestResetCode(t, user.email);
    const reset = await gql(t.app, 'mutation ($c: String!, $p: String!) { resetPassword(code: $c, password: $p) }', {
      c: code,
      p: NEW_PASSWORD,
    });
    expect(reset.body.errors?.[0]?.extensions?.code).toBe('TwoFactorRequired');
    await expectUnchanged(user.id);
  });

  it('a token holder cannot swap the secret by re-running setup while 2FA is on', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const setup = await rest(t.app, 'POST', '/api/auth/2FA', { token: user.token });
    expect([setup.status, setup.body.code]).toEqual([409, 'TwoFactorAlreadyEnabled']);
    const enable = await rest(t.app, 'POST', '/api/auth/verify2FA', { token: user.token, body: { code: '123456' } });
    expect(enable.body.code).toBe('TwoFactorAlreadyEnabled');
    // The original secret still rules.
    const viaOriginal = await rest(t.app, 'POST', '/auth', {
      basic: { username: user.email, password: PASSWORD },
      body: { twofa: totpCode(secret, 1) },
    });
    expect(viaOriginal.status).toBe(200);
  });

  it('the second factor is asked for only after a right password (no 2FA status leak)', async () => {
    const user = await signUpVerified(t);
    await enableTwoFactor(t, user.token);
    const wrong = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: 'Wr0ng!password' } });
    expect(wrong.body.code).toBe('InvalidCredentials');
    const code = await requestResetCode(t, user.email);
    // A wrong reset code says InvalidResetCode whether or not the account has 2FA.
    const badCode = await rest(t.app, 'PUT', '/api/user/resetPassword', {
      body: { code: code.replace(/^./, code[0] === 'a' ? 'b' : 'a'), password: NEW_PASSWORD },
    });
    expect(badCode.body.code).toBe('InvalidResetCode');
  });
});
