import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { enableTwoFactor, shiftClock, totpCode } from '../support/two-factor.js';
import { apiKeySession, expectAlive, expectDead } from './sessions.support.js';

/**
 * Threat: sessions made under the old rule outliving a change of it. Turning 2FA on must end
 * the sessions an intruder may hold without the second factor; turning it off ends the others
 * too. The caller's session keeps working either way.
 */
const t = useTestApp();
afterEach(() => {
  vi.useRealTimers();
});

describe('turning 2FA on or off', () => {
  it('on: every other session ends, the caller goes on', async () => {
    const user = await signUpVerified(t);
    const other = await login(t, user.email, PASSWORD);
    const { token: viaKey } = await apiKeySession(t, user.token);
    await enableTwoFactor(t, user.token);
    await expectAlive(t, user.token, 'caller');
    await expectDead(t, other, 'other password session');
    await expectDead(t, viaKey, 'API-key session');
  });

  it('off: every other session ends, the caller goes on', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    // Each code must be for a later time step than the last one accepted (replay refused).
    const other = await rest(t.app, 'POST', '/auth', {
      basic: { username: user.email, password: PASSWORD },
      headers: { 'x-twofa': totpCode(secret, 1) },
    });
    expect(other.status).toBe(200);
    shiftClock(2);
    const off = await gql(
      t.app,
      'mutation ($c: String!) { disableTwoFactor(code: $c) }',
      { c: totpCode(secret) },
      {
        token: user.token,
      },
    );
    expect(off.body.data?.disableTwoFactor).toBe(true);
    await expectAlive(t, user.token, 'caller');
    await expectDead(t, other.body.accessToken, 'other 2FA session');
  });
});
