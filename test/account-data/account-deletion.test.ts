import { describe, expect, it } from 'vitest';
import { lastMailValue, useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUp, signUpVerified } from '../support/http.js';
import { enableTwoFactor, totpCode } from '../support/two-factor.js';
import { apiKeySession, expectDead } from '../sessions/sessions.support.js';
import { clientGrant, codeOf } from '../admin/admin.support.js';

describe('deleting my account (ACCOUNT_DELETION_EVENTS=delete, the default)', () => {
  const t = useTestApp();

  it('DELETE /users/me: every credential dies, the email is free, the events are gone', async () => {
    const user = await signUpVerified(t);
    const { apiKey, token: keyToken } = await apiKeySession(t, user.token);
    const grant = await clientGrant(t, user.token);

    const reply = await rest(t.app, 'DELETE', '/users/me', { token: user.token, body: { password: PASSWORD } });
    expect(reply.status, reply.text).toBe(204);

    await expectDead(t, user.token, 'account token');
    await expectDead(t, keyToken, 'API-key session');
    const byKey = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey } });
    expect(byKey.body.code).toBe('InvalidApiKey');
    const refresh = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken: grant.refreshToken },
    });
    expect(refresh.body.code).toBe('InvalidGrant');
    const client = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: grant.clientId, clientSecret: grant.clientSecret },
    });
    expect(client.body.code).toBe('InvalidClient');
    const login = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect(login.body.code).toBe('InvalidCredentials');

    const again = await signUpVerified(t, user.email);
    expect(again.id).not.toBe(user.id);
    await t.app.services.events.flush();
    expect(await t.db.prisma.event.count({ where: { userId: user.id } })).toBe(0);
    for (const table of ['session', 'clientKey', 'refreshToken', 'oneTimeCode', 'recoveryCode'] as const) {
      expect(await (t.db.prisma[table] as any).count({ where: { userId: user.id } }), table).toBe(0);
    }
  });

  it('needs the second factor while 2FA is on (GraphQL)', async () => {
    const user = await signUpVerified(t);
    const { secret } = await enableTwoFactor(t, user.token);
    const mutation = `mutation($p: String!, $c: String) { deleteMyAccount(password: $p, twofa: $c) }`;
    expect(codeOf(await gql(t.app, mutation, { p: PASSWORD }, { token: user.token }))).toBe('TwoFactorRequired');
    expect(await t.db.prisma.user.count({ where: { id: user.id } })).toBe(1);
    const ok = await gql(t.app, mutation, { p: PASSWORD, c: totpCode(secret, 1) }, { token: user.token });
    expect(ok.body.data?.deleteMyAccount, ok.text).toBe(true);
    expect(await t.db.prisma.user.count({ where: { id: user.id } })).toBe(0);
  });

  it('refuses an API-key session and a body without a password', async () => {
    const user = await signUpVerified(t);
    const { token } = await apiKeySession(t, user.token);
    const byKey = await rest(t.app, 'DELETE', '/users/me', { token, body: { password: PASSWORD } });
    expect([byKey.status, byKey.body.code]).toEqual([403, 'PasswordSignInRequired']);
    const noPassword = await rest(t.app, 'DELETE', '/users/me', { token: user.token, body: {} });
    expect([noPassword.status, noPassword.body.code]).toEqual([400, 'InvalidInput']);
    expect(await t.db.prisma.user.count({ where: { id: user.id } })).toBe(1);
  });
});

describe('deleting my account with ACCOUNT_DELETION_EVENTS=anonymise', () => {
  const t = useTestApp({ ACCOUNT_DELETION_EVENTS: 'anonymise' });

  it('keeps the events under a random deleted-… id, without the account id, email or client key', async () => {
    const user = await signUp(t);
    // A verification by email puts the address into a recorded path.
    const token = lastMailValue(t.config, user.email, 'Verification token');
    expect((await rest(t.app, 'PUT', `/users/${encodeURIComponent(user.email)}/token/${token}`)).status).toBe(204);
    const login = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    const grant = await clientGrant(t, login.body.accessToken);
    await t.app.services.events.flush();
    const before = await t.db.prisma.event.count({ where: { userId: user.id } });
    expect(before).toBeGreaterThan(2);

    const reply = await rest(t.app, 'DELETE', '/users/me', {
      token: login.body.accessToken,
      body: { password: PASSWORD },
    });
    expect(reply.status, reply.text).toBe(204);
    expect(await t.db.prisma.event.count({ where: { userId: user.id } })).toBe(0);
    const kept = await t.db.prisma.event.findMany({ where: { userId: { startsWith: 'deleted-' } } });
    expect(kept.length).toBeGreaterThanOrEqual(before);
    expect(new Set(kept.map((e) => e.userId)).size).toBe(1);
    const text = JSON.stringify(kept);
    expect(text).not.toContain(user.id);
    expect(text).not.toContain(user.email);
    expect(text).not.toContain(encodeURIComponent(user.email));
    expect(text).not.toContain(grant.clientId);
  });
});
