import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified, uniqueEmail, type Reply } from '../support/http.js';
import { requestResetCode } from '../support/two-factor.js';

/**
 * Threat: an account guarded by a password from the top of every cracking list. GreenCloud's
 * rule alone (8+ characters, one of !@#$%&*) lets `Password1!` through; each path that sets a
 * password must refuse the common ones and their usual dressing, say why, and change nothing.
 */
const t = useTestApp();

const COMMON = ['Password1!', 'Qwerty123!', 'Welcome1!', 'Admin@123', 'P@ssw0rd!', 'Iloveyou1!', 'Abcd1234!'];
const STRONG = 'Quartz!walnut-7harbour';

function expectRefused(reply: Reply, password: string) {
  expect([reply.status, reply.body.code], reply.text).toEqual([400, 'WeakPassword']);
  expect(reply.body.message).toMatch(/too easy to guess/i);
  // The reason comes from the estimator's feedback; the password itself is never echoed.
  expect(reply.body.message).not.toContain(password);
  expect(reply.text).not.toContain(password);
}

describe('common passwords are refused', () => {
  it.each(COMMON)('REST sign-up (POST /users): %s is 400 WeakPassword and no account is made', async (password) => {
    const email = uniqueEmail('common');
    const reply = await rest(t.app, 'POST', '/users', { body: { email, password, displayName: 'Common' } });
    expectRefused(reply, password);
    expect(await t.db.prisma.user.count({ where: { emailKey: email } })).toBe(0);
  });

  it('Bloq password change (PUT /users/me/password): refused, the old password still logs in', async () => {
    const user = await signUpVerified(t);
    for (const password of COMMON) {
      const reply = await rest(t.app, 'PUT', '/users/me/password', {
        token: user.token,
        body: { oldPassword: PASSWORD, newPassword: password },
      });
      expectRefused(reply, password);
    }
    await login(t, user.email, PASSWORD);
  });

  it('GreenCloud reset (PUT /api/user/resetPassword): refused, and the code still works after', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    for (const password of COMMON) {
      expectRefused(await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password } }), password);
    }
    await login(t, user.email, PASSWORD);
    const ok = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password: STRONG } });
    expect(ok.status).toBe(204);
    await login(t, user.email, STRONG);
  });

  it('GraphQL signUp and changePassword: WeakPassword with the reason', async () => {
    const user = await signUpVerified(t);
    for (const password of COMMON) {
      const signUp = await gql(t.app, 'mutation($input: SignUpInput!) { signUp(input: $input) { id } }', {
        input: { email: uniqueEmail('common-gql'), password },
      });
      expect(signUp.body.errors?.[0]?.extensions?.code).toBe('WeakPassword');
      expect(signUp.body.errors?.[0]?.message).toMatch(/too easy to guess/i);
      expect(signUp.text).not.toContain(password);
      const change = await gql(
        t.app,
        'mutation($p: String!, $old: String) { changePassword(newPassword: $p, oldPassword: $old) { accessToken } }',
        { p: password, old: PASSWORD },
        { token: user.token },
      );
      expect(change.body.errors?.[0]?.extensions?.code).toBe('WeakPassword');
    }
    await login(t, user.email, PASSWORD);
  });

  it('a password built from the account email is refused too', async () => {
    const email = uniqueEmail('mailpw');
    const password = `${email.split('@')[0]}!`;
    const reply = await rest(t.app, 'POST', '/users', { body: { email, password } });
    expect([reply.status, reply.body.code]).toEqual([400, 'WeakPassword']);
  });

  it('strong passwords pass, including a long one at the length cap', async () => {
    // Only the first 64 characters are scored (cost); a long random password passes at the cap.
    for (const password of [STRONG, `${randomBytes(192).toString('base64').slice(0, 255)}!`]) {
      const reply = await rest(t.app, 'POST', '/users', { body: { email: uniqueEmail('strong'), password } });
      expect(reply.status, reply.text).toBe(201);
    }
  });
});
