import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, requestResetCode, totpCode } from '../support/two-factor.js';

/**
 * Threat: guessing a reset code. Codes are 128-bit random, and a code dies after
 * RESET_CODE_MAX_ATTEMPTS (5) wrong tries counted against it. A wrong code can only be counted
 * against an account when the request names one (`email`); without it, a guess matches no row
 * and the 128-bit space is the defence (per-IP limits come with the hardening work).
 */
const t = useTestApp();

const NEW_PASSWORD = 'N3w!passphrase';
const reset = (body: Record<string, unknown>) => rest(t.app, 'PUT', '/api/user/resetPassword', { body });

describe('reset code brute force', () => {
  it('five wrong tries naming the account kill the code: the right one is then refused', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    for (let i = 0; i < 5; i++) {
      const guess = await reset({ email: user.email, code: i.toString(16).repeat(32), password: NEW_PASSWORD });
      expect([guess.status, guess.body.code]).toEqual([400, 'InvalidResetCode']);
    }
    const named = await reset({ email: user.email, code, password: NEW_PASSWORD });
    expect([named.status, named.body.code]).toEqual([400, 'InvalidResetCode']);
    const unnamed = await reset({ code, password: NEW_PASSWORD });
    expect([unnamed.status, unnamed.body.code]).toEqual([400, 'InvalidResetCode']);
    await login(t, user.email, PASSWORD);
  });

  it('four wrong tries leave the code alive (the limit is exactly five)', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    for (let i = 0; i < 4; i++) {
      expect((await reset({ email: user.email, code: 'a'.repeat(32), password: NEW_PASSWORD })).status).toBe(400);
    }
    expect((await reset({ email: user.email, code, password: NEW_PASSWORD })).status).toBe(204);
    await login(t, user.email, NEW_PASSWORD);
  });

  it('malformed guesses count as wrong tries too', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    for (const guess of ['', 'xyz', code.toUpperCase() + 'ff', '1', ' ']) {
      expect((await reset({ email: user.email, code: guess, password: NEW_PASSWORD })).body.code).toBe(
        'InvalidResetCode',
      );
    }
    expect((await reset({ code, password: NEW_PASSWORD })).body.code).toBe('InvalidResetCode');
  });

  it('wrong second-factor codes sent with the right reset code count against it as well', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const code = await requestResetCode(t, user.email);
    for (let i = 0; i < 5; i++) {
      const guess = await reset({ code, password: NEW_PASSWORD, twofa: String(100000 + i) });
      expect([guess.status, guess.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    }
    const right = await reset({ code, password: NEW_PASSWORD, twofa: totpCode(secret, 1) });
    expect([right.status, right.body.code]).toEqual([400, 'InvalidResetCode']);
  });

  it('an attacker who names the account still gets the same answer for any code and any account', async () => {
    const user = await signUpVerified(t);
    await requestResetCode(t, user.email);
    const known = await reset({ email: user.email, code: 'b'.repeat(32), password: NEW_PASSWORD });
    const unknown = await reset({ email: 'nobody@example.com', code: 'b'.repeat(32), password: NEW_PASSWORD });
    expect(known.text).toBe(unknown.text);
    expect(known.status).toBe(unknown.status);
  });

  it('a fresh request after the code died gives a working code again', async () => {
    const user = await signUpVerified(t);
    await requestResetCode(t, user.email);
    for (let i = 0; i < 5; i++) await reset({ email: user.email, code: 'c'.repeat(32), password: NEW_PASSWORD });
    const fresh = await requestResetCode(t, user.email);
    expect((await reset({ code: fresh, password: NEW_PASSWORD })).status).toBe(204);
  });
});
