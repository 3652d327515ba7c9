import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';

const t = useTestApp();

const NEW_PASSWORD = 'N3w!passphrase';

describe('Bloq PUT /users/me/password', () => {
  it('200 {accessToken}: the new password logs in, the old one does not, the fresh token works', async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['accessToken']);
    expect(reply.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(reply.text).not.toContain(NEW_PASSWORD);

    expect((await rest(t.app, 'GET', '/users/me', { token: reply.body.accessToken })).status).toBe(200);
    const old = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('InvalidCredentials');
    await login(t, user.email, NEW_PASSWORD);
  });

  it('wrong old password: 403 InvalidOldPassword, and nothing changes', async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: 'Wr0ng!password', newPassword: NEW_PASSWORD },
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ code: 'InvalidOldPassword', message: expect.any(String) });
    // The token still works (no version bump) and the old password still logs in.
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);
    await login(t, user.email, PASSWORD);
  });

  it('refuses a weak new password, the same password, and missing or non-string fields, changing nothing', async () => {
    const user = await signUpVerified(t);
    const cases: [unknown, number, string][] = [
      [{ oldPassword: PASSWORD, newPassword: 'short!' }, 400, 'WeakPassword'],
      [{ oldPassword: PASSWORD, newPassword: 'nospecialchars1' }, 400, 'WeakPassword'],
      [{ oldPassword: PASSWORD, newPassword: 'P@ssw0rd' }, 400, 'WeakPassword'],
      [{ oldPassword: PASSWORD, newPassword: user.email }, 400, 'WeakPassword'],
      [{ oldPassword: PASSWORD, newPassword: `${'a'.repeat(300)}!` }, 400, 'WeakPassword'],
      [{ oldPassword: PASSWORD, newPassword: PASSWORD }, 400, 'SamePassword'],
      [{ oldPassword: PASSWORD }, 400, 'InvalidInput'],
      [{ newPassword: NEW_PASSWORD }, 400, 'InvalidInput'],
      [{ oldPassword: PASSWORD, newPassword: 12345678 }, 400, 'InvalidInput'],
      ['not json', 400, 'MalformedJson'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await rest(t.app, 'PUT', '/users/me/password', { token: user.token, body });
      expect([reply.status, reply.body.code]).toEqual([status, code]);
    }
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);
    await login(t, user.email, PASSWORD);
  });

  it('needs an account token: none is 401 Unauthenticated, garbage is 401 InvalidToken', async () => {
    const body = { oldPassword: PASSWORD, newPassword: NEW_PASSWORD };
    const none = await rest(t.app, 'PUT', '/users/me/password', { body });
    expect([none.status, none.body.code]).toEqual([401, 'Unauthenticated']);
    const garbage = await rest(t.app, 'PUT', '/users/me/password', { body, token: 'a.b.c' });
    expect([garbage.status, garbage.body.code]).toEqual([401, 'InvalidToken']);
  });
});

describe('GreenCloud PUT /api/user/password', () => {
  it('204 with an empty body; the new password logs in', async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: NEW_PASSWORD },
    });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    await login(t, user.email, NEW_PASSWORD);
  });

  it('400 for a missing or weak password', async () => {
    const user = await signUpVerified(t);
    const missing = await rest(t.app, 'PUT', '/api/user/password', { token: user.token, body: {} });
    expect([missing.status, missing.body.code]).toEqual([400, 'InvalidInput']);
    const weak = await rest(t.app, 'PUT', '/api/user/password', { token: user.token, body: { password: 'Hello123' } });
    expect([weak.status, weak.body.code]).toEqual([400, 'WeakPassword']);
    await login(t, user.email, PASSWORD);
  });
});

describe('GraphQL changePassword', () => {
  const CHANGE = `mutation ($n: String!, $o: String, $f: String) {
    changePassword(newPassword: $n, oldPassword: $o, twofa: $f) { accessToken expiresAt }
  }`;

  it('answers a fresh 12-hour token for the caller', async () => {
    const user = await signUpVerified(t);
    const reply = await gql(t.app, CHANGE, { n: NEW_PASSWORD, o: PASSWORD }, { token: user.token });
    const { accessToken, expiresAt } = reply.body.data.changePassword;
    expect(accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const hours = (new Date(expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const me = await gql(t.app, '{ me { id } }', {}, { token: accessToken });
    expect(me.body.data.me.id).toBe(user.id);
  });

  it('InvalidOldPassword as extensions.code', async () => {
    const user = await signUpVerified(t);
    const reply = await gql(t.app, CHANGE, { n: NEW_PASSWORD, o: 'Wr0ng!password' }, { token: user.token });
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('InvalidOldPassword');
  });
});
