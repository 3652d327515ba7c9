import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest, signUpVerified } from '../support/http.js';
import { clientGrant, disableUser, enableUser, introspect, signUpAdmin } from './admin.support.js';

// Threat (issue 13): a disabled account's programs go on through its client keys: new
// client-credentials grants, refreshes, and client tokens that resource servers still accept
// when they introspect them.
const t = useTestApp();

describe("a disabled account's client keys", () => {
  it('get no grant, cannot refresh, and their tokens introspect inactive', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const grant = await clientGrant(t, user.token);
    expect(await introspect(t, admin.token, grant.accessToken)).toBe(true);

    await disableUser(t, admin.token, user.id);

    const again = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: grant.clientId, clientSecret: grant.clientSecret },
    });
    expect([again.status, again.body.code]).toEqual([403, 'AccountDisabled']);
    const refresh = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken: grant.refreshToken },
    });
    expect([refresh.status, refresh.body.code]).toEqual([401, 'InvalidGrant']);
    expect(await introspect(t, admin.token, grant.accessToken)).toBe(false);
  });

  it('work again once enabled, but the revoked refresh tokens stay revoked', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const grant = await clientGrant(t, user.token);
    await disableUser(t, admin.token, user.id);
    await enableUser(t, admin.token, user.id);

    const refresh = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken: grant.refreshToken },
    });
    expect([refresh.status, refresh.body.code]).toEqual([401, 'InvalidGrant']);
    const fresh = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: grant.clientId, clientSecret: grant.clientSecret },
    });
    expect(fresh.status, fresh.text).toBe(200);
  });

  it('refuses a refresh racing the disable (a refresh token it did not revoke)', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const grant = await clientGrant(t, user.token);
    await disableUser(t, admin.token, user.id);
    await t.db.prisma.refreshToken.updateMany({ where: { userId: user.id }, data: { revokedAt: null } });
    const refresh = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken: grant.refreshToken },
    });
    expect([refresh.status, refresh.body.code]).toEqual([403, 'AccountDisabled']);
  });
});
