import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, totpCode } from '../support/two-factor.js';

/** Threat: a recovery code (printed, stored in a password manager, leaked) used more than once. */
const t = useTestApp();

const loginWith = (email: string, twofa: string) =>
  rest(t.app, 'POST', '/auth', { basic: { username: email, password: PASSWORD }, body: { twofa } });

describe('recovery code reuse', () => {
  it('each code works once; the others stay good', async () => {
    const user = await signUpVerified(t);
    const { recoveryCodes } = await enableTwoFactor(t, user.token);
    const [first, second] = recoveryCodes as [string, string];
    expect((await loginWith(user.email, first)).status).toBe(200);
    for (const variant of [first, first.toUpperCase(), first.replace(/-/g, ''), ` ${first} `]) {
      const again = await loginWith(user.email, variant);
      expect([again.status, again.body.code]).toEqual([401, 'InvalidTwoFactorCode']);
    }
    expect((await loginWith(user.email, second)).status).toBe(200);
  });

  it('a code spent on login cannot change the password or disable 2FA', async () => {
    const user = await signUpVerified(t);
    const { recoveryCodes } = await enableTwoFactor(t, user.token);
    const code = recoveryCodes[0]!;
    const token = (await loginWith(user.email, code)).body.accessToken;
    const change = await rest(t.app, 'PUT', '/api/user/password', {
      token,
      body: { password: 'N3w!passphrase', twofa: code },
    });
    expect(change.body.code).toBe('InvalidTwoFactorCode');
    const disable = await rest(t.app, 'DELETE', '/api/auth/2FA', { token, body: { code } });
    expect(disable.body.code).toBe('InvalidTwoFactorCode');
  });

  it('two simultaneous uses of one code: exactly one succeeds', async () => {
    const user = await signUpVerified(t);
    const { recoveryCodes } = await enableTwoFactor(t, user.token);
    const replies = await Promise.all([1, 2, 3].map(() => loginWith(user.email, recoveryCodes[0]!)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it('turning 2FA off and on again kills every earlier code', async () => {
    const user = await signUpVerified(t);
    const first = await enableTwoFactor(t, user.token);
    expect(
      (await rest(t.app, 'DELETE', '/api/auth/2FA', { token: user.token, body: { code: first.recoveryCodes[9] } }))
        .status,
    ).toBe(204);
    const second = await enableTwoFactor(t, user.token);
    expect(second.recoveryCodes.some((c) => first.recoveryCodes.includes(c))).toBe(false);
    const old = await loginWith(user.email, first.recoveryCodes[0]!);
    expect(old.body.code).toBe('InvalidTwoFactorCode');
    expect((await loginWith(user.email, second.recoveryCodes[0]!)).status).toBe(200);
    // A TOTP code of the first secret is no good against the second either.
    expect((await loginWith(user.email, totpCode(first.secret, 1))).body.code).toBe('InvalidTwoFactorCode');
  });

  it("one account's recovery code does not work for another account", async () => {
    const ann = await signUpVerified(t);
    const bob = await signUpVerified(t);
    const annCodes = await enableTwoFactor(t, ann.token);
    await enableTwoFactor(t, bob.token);
    expect((await loginWith(bob.email, annCodes.recoveryCodes[0]!)).body.code).toBe('InvalidTwoFactorCode');
    expect((await loginWith(ann.email, annCodes.recoveryCodes[0]!)).status).toBe(200);
  });
});
