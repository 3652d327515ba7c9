import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUpVerified } from '../support/http.js';
import { advanceClock, basicLogin, failLogins, freshIp, retryAfter } from '../support/abuse.js';
import { enableTwoFactor, totpCode } from '../support/two-factor.js';

// Wrong second-factor codes have their own limit, per account and across IPs (5 per 15 minutes
// here), and neither counter feeds the other: a TOTP guesser (who has the password) does not lock
// the password step, and password guessers do not use up the owner's code attempts.
const t = useTestApp({
  TWOFA_FAILURE_LIMIT: '5',
  TWOFA_FAILURE_WINDOW_SECONDS: '900',
  LOGIN_LOCKOUT_THRESHOLD: '3',
});
afterEach(() => {
  vi.useRealTimers();
});

/** A 6-digit code that is none of the codes valid now (one step of drift either way). */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((steps) => totpCode(secret, steps)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

async function setUp() {
  const user = await signUpVerified(t);
  const twoFactor = await enableTwoFactor(t, user.token);
  // The enabling code spent the current time step; later right codes come from later steps.
  advanceClock(30);
  return { user, secret: twoFactor.secret };
}

const loginWithCode = (email: string, password: string, code: string, clientIp: string) =>
  rest(t.app, 'POST', '/auth', { basic: { username: email, password }, headers: { 'x-twofa': code }, clientIp });

describe('second-factor failures', () => {
  it('are limited per account: beyond the limit even the right code gets 429, from any IP', async () => {
    const { user, secret } = await setUp();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const reply = await loginWithCode(user.email, PASSWORD, wrongCode(secret), ip);
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('InvalidTwoFactorCode');
    }
    const right = await loginWithCode(user.email, PASSWORD, totpCode(secret), ip);
    expect(right.status).toBe(429);
    expect(right.body).toEqual({ code: 'TooManyRequests', message: expect.any(String) });
    expect(retryAfter(right)).toBeGreaterThan(0);
    expect(retryAfter(right)).toBeLessThanOrEqual(900);
    expect((await loginWithCode(user.email, PASSWORD, totpCode(secret), freshIp())).status).toBe(429);

    // The window ends by itself.
    advanceClock(901);
    const later = await loginWithCode(user.email, PASSWORD, totpCode(secret), ip);
    expect(later.status).toBe(200);
    expect(later.body.accessToken).toEqual(expect.any(String));
  });

  it('do not lock the password step (threshold 3 here, after 6 code failures)', async () => {
    const { user, secret } = await setUp();
    const ip = freshIp();
    for (let i = 0; i < 6; i++) await loginWithCode(user.email, PASSWORD, wrongCode(secret), ip);
    // The password is still checked normally: right → the prompt for a code, wrong → an ordinary failure.
    const noCode = await basicLogin(t, user.email, PASSWORD, ip);
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('TwoFactorRequired');
    expect(retryAfter(noCode)).toBeUndefined();
    const wrongPassword = await basicLogin(t, user.email, 'Wrong!passw0rd', ip);
    expect(wrongPassword.body.code).toBe('InvalidCredentials');
    expect(retryAfter(wrongPassword)).toBeUndefined();
  });

  it('password failures do not use up second-factor attempts', async () => {
    const { user, secret } = await setUp();
    const owner = freshIp();
    for (let i = 0; i < 4; i++) await loginWithCode(user.email, PASSWORD, wrongCode(secret), owner);
    // Password guessers on three IPs lock themselves out (threshold 3)...
    for (let i = 0; i < 3; i++) {
      expect(retryAfter(await failLogins(t, user.email, freshIp(), 3))).toBeGreaterThan(0);
    }
    // ...and the owner still has the fifth code attempt, then none.
    const fifth = await loginWithCode(user.email, PASSWORD, wrongCode(secret), owner);
    expect(fifth.body.code).toBe('InvalidTwoFactorCode');
    expect((await loginWithCode(user.email, PASSWORD, wrongCode(secret), owner)).status).toBe(429);
  });

  it('a right code starts the count again', async () => {
    const { user, secret } = await setUp();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await loginWithCode(user.email, PASSWORD, wrongCode(secret), ip);
    expect((await loginWithCode(user.email, PASSWORD, totpCode(secret), ip)).status).toBe(200);
    advanceClock(30);
    for (let i = 0; i < 5; i++) {
      expect((await loginWithCode(user.email, PASSWORD, wrongCode(secret), ip)).body.code).toBe('InvalidTwoFactorCode');
    }
    expect((await loginWithCode(user.email, PASSWORD, totpCode(secret), ip)).status).toBe(429);
  });

  it('every code check of the account shares the count: disabling 2FA, then login', async () => {
    const { user, secret } = await setUp();
    for (let i = 0; i < 5; i++) {
      const reply = await rest(t.app, 'DELETE', '/api/auth/2FA', {
        token: user.token,
        body: { code: wrongCode(secret) },
      });
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('InvalidTwoFactorCode');
    }
    const disable = await rest(t.app, 'DELETE', '/api/auth/2FA', {
      token: user.token,
      body: { code: totpCode(secret) },
    });
    expect(disable.status).toBe(429);
    expect((await loginWithCode(user.email, PASSWORD, totpCode(secret), freshIp())).status).toBe(429);
  });
});
