import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { requestResetCode } from '../support/two-factor.js';

/** Threat: an older reset code (an earlier mail, perhaps one that leaked) after a newer one was issued. */
const t = useTestApp();

const reset = (body: Record<string, unknown>) => rest(t.app, 'PUT', '/api/user/resetPassword', { body });

describe('superseded reset code', () => {
  it('only the newest code works', async () => {
    const user = await signUpVerified(t);
    const first = await requestResetCode(t, user.email);
    const second = await requestResetCode(t, user.email);
    const third = await requestResetCode(t, user.email);
    expect(new Set([first, second, third]).size).toBe(3);
    for (const code of [first, second]) {
      const old = await reset({ code, password: 'N3w!passphrase' });
      expect([old.status, old.body.code]).toEqual([400, 'InvalidResetCode']);
      const named = await reset({ code, password: 'N3w!passphrase', email: user.email });
      expect(named.body.code).toBe('InvalidResetCode');
    }
    await login(t, user.email, PASSWORD);
    expect((await reset({ code: third, password: 'N3w!passphrase' })).status).toBe(204);
  });

  it('a password change retires a code mailed before it', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const changed = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: PASSWORD, newPassword: 'Ch4nged!password' },
    });
    expect(changed.status).toBe(200);
    const stale = await reset({ code, password: 'N3w!passphrase' });
    expect(stale.body.code).toBe('InvalidResetCode');
    await login(t, user.email, 'Ch4nged!password');
  });

  it("one account's newer code does not retire another account's", async () => {
    const ann = await signUpVerified(t);
    const bob = await signUpVerified(t);
    const annCode = await requestResetCode(t, ann.email);
    await requestResetCode(t, bob.email);
    expect((await reset({ code: annCode, password: 'N3w!passphrase' })).status).toBe(204);
  });
});
