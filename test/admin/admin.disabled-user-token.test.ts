import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { apiKeySession, expectAlive, expectDead } from '../sessions/sessions.support.js';
import { disableUser, enableUser, signUpAdmin } from './admin.support.js';

// Threat (issue 13): an account an administrator disabled (stolen, abusive) goes on working
// through the tokens it already holds. Disabling must stop every account token at once, and
// enabling again must not bring them back.
const t = useTestApp();

describe('disabling an account stops its tokens at once', () => {
  it('password and API-key sessions die; enabling does not revive them; a new sign-in works', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const second = await login(t, user.email, PASSWORD);
    const { token: keyToken } = await apiKeySession(t, user.token);
    await expectAlive(t, user.token, 'before');

    await disableUser(t, admin.token, user.id);
    await expectDead(t, user.token, 'password session');
    await expectDead(t, second, 'second password session');
    await expectDead(t, keyToken, 'API-key session');

    await enableUser(t, admin.token, user.id);
    await expectDead(t, user.token, 'password session after enable');
    await expectDead(t, keyToken, 'API-key session after enable');
    await expectAlive(t, await login(t, user.email, PASSWORD), 'new sign-in after enable');
  });

  it('refuses a token whose session survived (opened by a sign-in racing the disable)', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    await disableUser(t, admin.token, user.id);
    // The race, made deterministic: a session the disable did not end.
    await t.db.prisma.session.updateMany({ where: { userId: user.id }, data: { endedAt: null } });
    const me = await rest(t.app, 'GET', '/users/me', { token: user.token });
    expect([me.status, me.body.code]).toEqual([401, 'InvalidToken']);
  });

  it("leaves other accounts' tokens alone", async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const bystander = await signUpVerified(t);
    await disableUser(t, admin.token, user.id);
    await expectAlive(t, bystander.token, 'bystander');
    await expectAlive(t, admin.token, 'admin');
  });
});
