import { afterEach, describe, expect, it, vi } from 'vitest';
import { mailsTo, useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified, uniqueEmail } from '../support/http.js';
import { overSocket, requestResetCode } from '../support/two-factor.js';

const t = useTestApp();
afterEach(() => {
  vi.useRealTimers();
});

const NEW_PASSWORD = 'N3w!passphrase';

describe('POST /api/user/resetPassword', () => {
  it('204, empty body; the mail carries a 32 lowercase hex code and nothing else secret', async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email: user.email } });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    await t.app.services.background.drain();
    const mail = mailsTo(t.config, user.email).at(-1)!;
    expect(mail).toMatch(/^Subject: Reset your password$/m);
    expect(mail).toMatch(/^Reset code: [0-9a-f]{32}$/m);
  });

  it('matches the email case-insensitively, and mails the address as registered', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email.toUpperCase());
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(mailsTo(t.config, user.email).at(-1)).toContain(`To: ${user.email}`);
  });

  it('400 without an email string', async () => {
    const missing = await rest(t.app, 'POST', '/api/user/resetPassword', { body: {} });
    expect([missing.status, missing.body.code]).toEqual([400, 'InvalidInput']);
    const number = await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email: 5 } });
    expect([number.status, number.body.code]).toEqual([400, 'InvalidInput']);
  });
});

describe('setting the password with the code', () => {
  it('GET /api/user/resetPassword with a JSON body (over a real socket): 204, new password logs in', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const reply = await overSocket(t, 'GET', '/api/user/resetPassword', { password: NEW_PASSWORD, code });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    await login(t, user.email, NEW_PASSWORD);
    const old = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect(old.status).toBe(401);
  });

  it('GET without a body: 400 InvalidInput (over a real socket)', async () => {
    const reply = await overSocket(t, 'GET', '/api/user/resetPassword');
    expect([reply.status, reply.body.code]).toEqual([400, 'InvalidInput']);
  });

  it('PUT /api/user/resetPassword and POST /api/user/setPassword take the same body', async () => {
    for (const [method, path] of [
      ['PUT', '/api/user/resetPassword'],
      ['POST', '/api/user/setPassword'],
    ] as const) {
      const user = await signUpVerified(t);
      const code = await requestResetCode(t, user.email);
      const reply = await rest(t.app, method, path, { body: { password: NEW_PASSWORD, code, twofa: '' } });
      expect(reply.status).toBe(204);
      await login(t, user.email, NEW_PASSWORD);
    }
  });

  it('accepts an optional email naming the account', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const reply = await rest(t.app, 'PUT', '/api/user/resetPassword', {
      body: { password: NEW_PASSWORD, code, email: user.email.toUpperCase() },
    });
    expect(reply.status).toBe(204);
  });

  it('a weak password is 400 WeakPassword and leaves the code usable', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    for (const password of ['Hello123', user.email, 'P@ssw0rd']) {
      const weak = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { password, code } });
      expect([weak.status, weak.body.code]).toEqual([400, 'WeakPassword']);
    }
    const ok = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { password: NEW_PASSWORD, code } });
    expect(ok.status).toBe(204);
  });

  it('a wrong, malformed or missing code is 400 and changes nothing', async () => {
    const user = await signUpVerified(t);
    await requestResetCode(t, user.email);
    for (const code of ['0'.repeat(32), 'not-a-code', '']) {
      const reply = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { password: NEW_PASSWORD, code } });
      expect([reply.status, reply.body.code]).toEqual([400, 'InvalidResetCode']);
    }
    const missing = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { password: NEW_PASSWORD } });
    expect([missing.status, missing.body.code]).toEqual([400, 'InvalidInput']);
    await login(t, user.email, PASSWORD);
  });

  it('an expired code is 400 ResetCodeExpired (RESET_CODE_TTL_SECONDS, default 15 minutes)', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    vi.setSystemTime(Date.now() + 14 * 60_000);
    const weak = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { password: 'weak', code } });
    expect(weak.body.code).toBe('WeakPassword');
    vi.setSystemTime(Date.now() + 2 * 60_000);
    const expired = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { password: NEW_PASSWORD, code } });
    expect([expired.status, expired.body.code]).toEqual([400, 'ResetCodeExpired']);
    vi.useRealTimers();
    await login(t, user.email, PASSWORD);
  });

  it('GraphQL: requestPasswordReset is always true; resetPassword sets the password', async () => {
    const user = await signUpVerified(t);
    const unknown = await gql(t.app, 'mutation ($e: String!) { requestPasswordReset(email: $e) }', {
      e: uniqueEmail('nobody'),
    });
    expect(unknown.body).toEqual({ data: { requestPasswordReset: true } });
    const known = await gql(t.app, 'mutation ($e: String!) { requestPasswordReset(email: $e) }', { e: user.email });
    expect(known.body).toEqual({ data: { requestPasswordReset: true } });
    await t.app.services.background.drain();
    const code = /^Reset code: (\w+)$/m.exec(mailsTo(t.config, user.email).at(-1)!)![1];
    const RESET = 'mutation ($c: String!, $p: String!) { resetPassword(code: $c, password: $p) }';
    const wrong = await gql(t.app, RESET, { c: 'f'.repeat(32), p: NEW_PASSWORD });
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('InvalidResetCode');
    const reply = await gql(t.app, RESET, { c: code, p: NEW_PASSWORD });
    expect(reply.body).toEqual({ data: { resetPassword: true } });
    await login(t, user.email, NEW_PASSWORD);
  });
});
