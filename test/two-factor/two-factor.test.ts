import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, shiftClock, totpCode } from '../support/two-factor.js';

const t = useTestApp();
afterEach(() => {
  vi.useRealTimers();
});

const basic = (email: string, password = PASSWORD) => ({ username: email, password });

describe('two-factor setup, enable, login and disable (GreenCloud-style REST)', () => {
  it('setup answers {seed, uri}; enabling answers 10 recovery codes and GET /api/user says twofa', async () => {
    const user = await signUpVerified(t);
    const setup = await rest(t.app, 'POST', '/api/auth/2FA', { token: user.token });
    expect(setup.status).toBe(200);
    expect(Object.keys(setup.body)).toEqual(['seed', 'uri']);
    expect(setup.body.seed).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.body.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toContain(user.email);
    expect(uri.searchParams.get('secret')).toBe(setup.body.seed);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');

    // Setup alone changes nothing visible: 2FA is off until a first code confirms it.
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).body.twofa).toBe(false);
    expect((await rest(t.app, 'POST', '/auth', { basic: basic(user.email) })).status).toBe(200);

    const wrong = await rest(t.app, 'POST', '/api/auth/verify2FA', { token: user.token, body: { code: '000000' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('InvalidTwoFactorCode');
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).body.twofa).toBe(false);

    const enabled = await rest(t.app, 'POST', '/api/auth/verify2FA', {
      token: user.token,
      body: { code: totpCode(setup.body.seed) },
    });
    expect(enabled.status).toBe(200);
    expect(Object.keys(enabled.body)).toEqual(['recoveryCodes']);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enabled.body.recoveryCodes).size).toBe(10);
    for (const code of enabled.body.recoveryCodes) expect(code).toMatch(/^[0-9a-f]{5}(-[0-9a-f]{5}){3}$/);
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).body.twofa).toBe(true);

    const again = await rest(t.app, 'POST', '/api/auth/2FA', { token: user.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TwoFactorAlreadyEnabled');
  });

  it('enable needs a setup first, a code in the body, and an account token', async () => {
    const user = await signUpVerified(t);
    const noSetup = await rest(t.app, 'POST', '/api/auth/verify2FA', { token: user.token, body: { code: '123456' } });
    expect(noSetup.status).toBe(409);
    expect(noSetup.body.code).toBe('TwoFactorSetupRequired');
    const noCode = await rest(t.app, 'POST', '/api/auth/verify2FA', { token: user.token, body: {} });
    expect(noCode.status).toBe(400);
    expect(noCode.body.code).toBe('InvalidInput');
    const badType = await rest(t.app, 'POST', '/api/auth/verify2FA', { token: user.token, body: { code: true } });
    expect(badType.status).toBe(400);
    const anonymous = await rest(t.app, 'POST', '/api/auth/2FA');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('Unauthenticated');
  });

  it('accepts {twofa} and an unquoted numeric code on verify2FA', async () => {
    const user = await signUpVerified(t);
    const setup = await rest(t.app, 'POST', '/api/auth/2FA', { token: user.token });
    const code = totpCode(setup.body.seed);
    const enabled = await rest(t.app, 'POST', '/api/auth/verify2FA', {
      token: user.token,
      body: { twofa: Number(code) },
    });
    expect(enabled.status).toBe(200);
  });

  it('restarting setup replaces the pending secret: a code from the first one no longer enables', async () => {
    const user = await signUpVerified(t);
    const first = await rest(t.app, 'POST', '/api/auth/2FA', { token: user.token });
    const second = await rest(t.app, 'POST', '/api/auth/2FA', { token: user.token });
    expect(second.body.seed).not.toBe(first.body.seed);
    const stale = await rest(t.app, 'POST', '/api/auth/verify2FA', {
      token: user.token,
      body: { code: totpCode(first.body.seed) },
    });
    expect(stale.body.code).toBe('InvalidTwoFactorCode');
  });

  it('login: TwoFactorRequired without a code, only after a right password; body or X-TwoFA header', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);

    const missing = await rest(t.app, 'POST', '/auth', { basic: basic(user.email) });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ code: 'TwoFactorRequired', message: expect.any(String) });

    const wrongPassword = await rest(t.app, 'POST', '/auth', { basic: basic(user.email, 'Wr0ng!password') });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBe('InvalidCredentials');

    const wrongCode = await rest(t.app, 'POST', '/auth', { basic: basic(user.email), body: { twofa: '000000' } });
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.code).toBe('InvalidTwoFactorCode');

    const viaBody = await rest(t.app, 'POST', '/auth', {
      basic: basic(user.email),
      body: { twofa: totpCode(secret, 1) },
    });
    expect(viaBody.status).toBe(200);
    expect(Object.keys(viaBody.body)).toEqual(['accessToken']);

    shiftClock(2);
    const viaHeader = await rest(t.app, 'POST', '/auth', {
      basic: basic(user.email),
      headers: { 'x-twofa': totpCode(secret) },
    });
    expect(viaHeader.status).toBe(200);
  });

  it('GraphQL: setupTwoFactor, enableTwoFactor, login(twofa:), disableTwoFactor', async () => {
    const user = await signUpVerified(t);
    const setup = await gql(t.app, 'mutation { setupTwoFactor { secret uri } }', {}, { token: user.token });
    const { secret, uri } = setup.body.data.setupTwoFactor;
    expect(uri).toContain(`secret=${secret}`);
    const enabled = await gql(
      t.app,
      'mutation ($code: String!) { enableTwoFactor(code: $code) { recoveryCodes } }',
      { code: totpCode(secret) },
      { token: user.token },
    );
    expect(enabled.body.data.enableTwoFactor.recoveryCodes).toHaveLength(10);

    const LOGIN =
      'mutation ($u: String!, $p: String!, $c: String) { login(username: $u, password: $p, twofa: $c) { accessToken } }';
    const missing = await gql(t.app, LOGIN, { u: user.email, p: PASSWORD });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('TwoFactorRequired');
    const ok = await gql(t.app, LOGIN, { u: user.email, p: PASSWORD, c: totpCode(secret, 1) });
    expect(ok.body.data.login.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const me = await gql(t.app, '{ me { twofaEnabled } }', {}, { token: user.token });
    expect(me.body.data.me.twofaEnabled).toBe(true);

    shiftClock(2);
    const DISABLE = 'mutation ($c: String!) { disableTwoFactor(code: $c) }';
    const wrong = await gql(t.app, DISABLE, { c: '000000' }, { token: user.token });
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('InvalidTwoFactorCode');
    const off = await gql(t.app, DISABLE, { c: totpCode(secret) }, { token: user.token });
    expect(off.body.data.disableTwoFactor).toBe(true);
    expect((await gql(t.app, LOGIN, { u: user.email, p: PASSWORD })).body.data.login.accessToken).toBeTruthy();
  });

  it('DELETE /api/auth/2FA: 204 with a current code, then login needs none; 409 when already off', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const noCode = await rest(t.app, 'DELETE', '/api/auth/2FA', { token: user.token, body: {} });
    expect(noCode.status).toBe(400);
    const wrong = await rest(t.app, 'DELETE', '/api/auth/2FA', { token: user.token, body: { code: '000000' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('InvalidTwoFactorCode');
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).body.twofa).toBe(true);

    const off = await rest(t.app, 'DELETE', '/api/auth/2FA', {
      token: user.token,
      body: { code: totpCode(secret, 1) },
    });
    expect(off.status).toBe(204);
    expect(off.text).toBe('');
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).body.twofa).toBe(false);
    expect((await rest(t.app, 'POST', '/auth', { basic: basic(user.email) })).status).toBe(200);

    const again = await rest(t.app, 'DELETE', '/api/auth/2FA', { token: user.token, body: { code: '123456' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TwoFactorNotEnabled');
  });

  it('a recovery code logs in in place of a TOTP code, and disables 2FA', async () => {
    const user = await signUpVerified(t);
    const { recoveryCodes } = await enableTwoFactor(t, user.token);
    const viaRecovery = await rest(t.app, 'POST', '/auth', {
      basic: basic(user.email),
      body: { twofa: recoveryCodes[0]!.toUpperCase() },
    });
    expect(viaRecovery.status).toBe(200);
    const off = await rest(t.app, 'DELETE', '/api/auth/2FA', {
      token: user.token,
      body: { code: recoveryCodes[1]!.replace(/-/g, '') },
    });
    expect(off.status).toBe(204);
  });
});

describe('TOTP secrets at rest', () => {
  it('are sealed with AES-256-GCM, never stored in the clear, and the recovery codes only as hashes', async () => {
    const user = await signUpVerified(t);
    const { secret, recoveryCodes } = await enableTwoFactor(t, user.token);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpSecret).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(row.totpSecret).not.toContain(secret);
    expect(row.totpPendingSecret).toBeNull();
    const stored = await t.db.prisma.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored);
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace(/-/g, ''));
    }
  });

  it('with no DATA_ENCRYPTION_KEY, a key is generated into DATA_DIR with mode 0600 and reused', () => {
    const file = join(t.config.DATA_DIR, 'data-encryption.key');
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a configured DATA_ENCRYPTION_KEY is used (no key file); a malformed one stops start-up', async () => {
    const key = 'ab'.repeat(32);
    const withKey = await createTestApp({ DATA_ENCRYPTION_KEY: key });
    try {
      const user = await signUpVerified(withKey);
      await enableTwoFactor(withKey, user.token);
      expect(() => readFileSync(join(withKey.config.DATA_DIR, 'data-encryption.key'))).toThrow();
    } finally {
      await withKey.close();
    }
    await expect(createTestApp({ DATA_ENCRYPTION_KEY: 'too-short' }, t)).rejects.toThrow(/DATA_ENCRYPTION_KEY/);
  });

  it('production with DATABASE_URL and no DATA_ENCRYPTION_KEY refuses to start', async () => {
    await expect(
      createTestApp({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }, t),
    ).rejects.toThrow(/DATA_ENCRYPTION_KEY: required in production/);
  });
});
