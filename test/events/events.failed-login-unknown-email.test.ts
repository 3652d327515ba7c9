import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified, uniqueEmail } from '../support/http.js';

// Threat: failed logins naming no account create events (or user rows) out of thin air, which
// would let anyone fill the database, or reveal through the audit trail which emails exist.

const t = useTestApp();

async function counts() {
  await t.app.services.events.flush();
  return { events: await t.db.prisma.event.count(), users: await t.db.prisma.user.count() };
}

describe('a failed login for an unknown email', () => {
  it('creates no event and no user row', async () => {
    const existing = await signUpVerified(t);
    const before = await counts();
    const ghost = uniqueEmail('ghost');
    const ghostId = 'user-3f0c8c1e-8d3b-4c59-9a53-0f5d9b8f4f21';
    for (const username of [ghost, ghost.toUpperCase(), ghostId]) {
      const reply = await rest(t.app, 'POST', '/auth', { basic: { username, password: 'Wr0ng!pass' } });
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('InvalidCredentials');
      const mutation = await gql(
        t.app,
        'mutation { login(username: "' + username + '", password: "Wr0ng!pass") { accessToken } }',
      );
      expect(mutation.body.errors?.[0]?.extensions?.code).toBe('InvalidCredentials');
    }
    // A bearer token naming an unknown user is no user's event either.
    const { token } = await t.app.services.tokens.sign('account', ghostId, 60, {});
    expect((await rest(t.app, 'GET', '/users/me', { token })).status).toBe(401);

    expect(await counts()).toEqual(before);
    expect(await t.db.prisma.user.findFirst({ where: { emailKey: ghost.toLowerCase() } })).toBeNull();
    expect(await t.db.prisma.event.count({ where: { userId: ghostId } })).toBe(0);

    // The same wrong password against an existing account is recorded, for that account.
    expect(
      (await rest(t.app, 'POST', '/auth', { basic: { username: existing.email, password: 'Wr0ng!pass' } })).status,
    ).toBe(401);
    const after = await counts();
    expect(after).toEqual({ events: before.events + 1, users: before.users });
  });
});
