import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, shiftClock, totpCode } from '../support/two-factor.js';

/**
 * Threat: a TOTP code seen once (shoulder-surfed, phished, logged by a proxy) used again while
 * it is still inside its time window. A code is accepted only for a time step later than the
 * last accepted one, through one conditional update.
 */
const t = useTestApp();
afterEach(() => {
  vi.useRealTimers();
});

const loginWith = (email: string, twofa: string) =>
  rest(t.app, 'POST', '/auth', { basic: { username: email, password: PASSWORD }, body: { twofa } });

describe('TOTP replay', () => {
  it('the code that enabled 2FA cannot log in', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const replay = await loginWith(user.email, totpCode(secret));
    expect([replay.status, replay.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
  });

  it('a code that logged in once is refused the second time, and so is an older one', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const next = totpCode(secret, 1);
    expect((await loginWith(user.email, next)).status).toBe(200);
    const again = await loginWith(user.email, next);
    expect([again.status, again.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    const older = await loginWith(user.email, totpCode(secret));
    expect(older.body.code).toBe('InvalidTwoFactorCode');
    // Time moves on: the next step's code works once more.
    shiftClock(2);
    expect((await loginWith(user.email, totpCode(secret))).status).toBe(200);
  });

  it('a code spent on login cannot then change the password or disable 2FA', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const code = totpCode(secret, 1);
    const session = await loginWith(user.email, code);
    expect(session.status).toBe(200);
    const token = session.body.accessToken;
    const change = await rest(t.app, 'PUT', '/api/user/password', {
      token,
      body: { password: 'N3w!passphrase', twofa: code },
    });
    expect([change.status, change.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    const disable = await rest(t.app, 'DELETE', '/api/auth/2FA', { token, body: { code } });
    expect([disable.status, disable.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    expect((await rest(t.app, 'GET', '/api/user', { token })).body.twofa).toBe(true);
  });

  it('two simultaneous logins with one fresh code: exactly one gets a token', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const code = totpCode(secret, 1);
    const replies = await Promise.all([1, 2, 3].map(() => loginWith(user.email, code)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it('codes more than one step away are refused (30 s steps, one step of drift)', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    expect((await loginWith(user.email, totpCode(secret, 3))).body.code).toBe('InvalidTwoFactorCode');
    expect((await loginWith(user.email, totpCode(secret, -3))).body.code).toBe('InvalidTwoFactorCode');
  });
});
