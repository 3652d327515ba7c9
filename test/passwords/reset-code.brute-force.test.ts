import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, requestResetCode, totpCode } from '../support/two-factor.js';

/**
 * Threat: guessing a reset code. Codes are 128-bit random, and each client IP gets
 * RATE_LIMIT_RESET_CONFIRM confirmations; a guesser is stopped there, whether or not the request
 * names the account. Wrong codes do not spend the owner's code (reset-code.owner-dos.test.ts).
 * Whoever holds the right code gets RESET_CODE_MAX_ATTEMPTS (5) tries at the second factor.
 */
const PER_IP = 5;
const t = useTestApp({ RATE_LIMIT_RESET_CONFIRM: `${PER_IP}/3600` });

const NEW_PASSWORD = 'N3w!passphrase';
const reset = (body: Record<string, unknown>, clientIp: string) =>
  rest(t.app, 'PUT', '/api/user/resetPassword', { body, clientIp });

describe('reset code brute force', () => {
  it(`a guesser gets ${PER_IP} tries per IP, named account or not, then 429`, async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const ip = '203.0.113.20';
    for (let i = 0; i < PER_IP; i++) {
      const body = { code: i.toString(16).repeat(32), password: NEW_PASSWORD, ...(i % 2 ? { email: user.email } : {}) };
      const guess = await reset(body, ip);
      expect([guess.status, guess.body.code]).toEqual([400, 'InvalidResetCode']);
    }
    const stopped = await reset({ email: user.email, code: 'f'.repeat(32), password: NEW_PASSWORD }, ip);
    expect([stopped.status, stopped.body.code]).toEqual([429, 'TooManyRequests']);
    // The limit is on guessing from that IP: even the right code is not tried there any more.
    expect((await reset({ code, password: NEW_PASSWORD }, ip)).status).toBe(429);
    await login(t, user.email, PASSWORD);
  });

  it('malformed guesses are refused like wrong ones and count against the IP too', async () => {
    const ip = '203.0.113.21';
    for (const guess of ['', 'xyz', 'A'.repeat(34), '1', ' ']) {
      expect((await reset({ code: guess, password: NEW_PASSWORD }, ip)).body.code).toBe('InvalidResetCode');
    }
    expect((await reset({ code: 'abc', password: NEW_PASSWORD }, ip)).status).toBe(429);
  });

  it('wrong second-factor codes sent with the right reset code count against it: five kill it', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const code = await requestResetCode(t, user.email);
    for (let i = 0; i < 5; i++) {
      const guess = await reset({ code, password: NEW_PASSWORD, twofa: String(100000 + i) }, `203.0.113.3${i}`);
      expect([guess.status, guess.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    }
    const right = await reset({ code, password: NEW_PASSWORD, twofa: totpCode(secret, 1) }, '203.0.113.39');
    expect([right.status, right.body.code]).toEqual([400, 'InvalidResetCode']);
    // A fresh request gives a working code again.
    const fresh = await requestResetCode(t, user.email);
    const ok = await reset({ code: fresh, password: NEW_PASSWORD, twofa: totpCode(secret, 1) }, '203.0.113.40');
    expect(ok.status, ok.text).toBe(204);
  });

  it('an attacker who names the account gets the same answer for any code and any account', async () => {
    const user = await signUpVerified(t);
    await requestResetCode(t, user.email);
    const known = await reset({ email: user.email, code: 'b'.repeat(32), password: NEW_PASSWORD }, '203.0.113.50');
    const unknown = await reset(
      { email: 'nobody@example.com', code: 'b'.repeat(32), password: NEW_PASSWORD },
      '203.0.113.50',
    );
    expect(known.text).toBe(unknown.text);
    expect(known.status).toBe(unknown.status);
  });

  it("a right code named with another account's email is refused and stays usable", async () => {
    const user = await signUpVerified(t);
    const other = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const crossed = await reset({ email: other.email, code, password: NEW_PASSWORD }, '203.0.113.60');
    expect(crossed.body.code).toBe('InvalidResetCode');
    expect((await reset({ email: user.email, code, password: NEW_PASSWORD }, '203.0.113.61')).status).toBe(204);
    await login(t, other.email, PASSWORD);
  });
});
