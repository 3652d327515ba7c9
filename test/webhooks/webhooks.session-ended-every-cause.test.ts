import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { adminToken, createEndpoint } from './support.js';

/**
 * A subscriber to session.ended hears of every session that ends, whatever ended it: not only
 * endSession and logout, but the other sessions a password change ends, "end all others", and an
 * administrator ending them all. One event per session, naming it, written in the change's
 * transaction. The worker is kept idle so the outbox rows can be read as written.
 */
const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '3600000' });

const endedIds = async (userId: string) =>
  (await t.db.prisma.webhookMessage.findMany({ where: { type: 'session.ended' } }))
    .map((row) => (row.payload as { data: { userId: string; sessionId: string } }).data)
    .filter((data) => data.userId === userId)
    .map((data) => data.sessionId)
    .sort();

const liveIds = async (userId: string) =>
  (await t.db.prisma.session.findMany({ where: { userId, endedAt: null }, select: { id: true } })).map((s) => s.id);

describe('session.ended for every cause', () => {
  it('is written once per session ended by a password change, end-all-others and an administrator', async () => {
    const admin = await adminToken(t);
    await createEndpoint(t, admin, 'http://127.0.0.1:9/hook', ['session.ended']);
    const user = await signUpVerified(t);
    await login(t, user.email, PASSWORD);
    await login(t, user.email, PASSWORD);
    const before = await liveIds(user.id);
    expect(before).toHaveLength(3);

    const changed = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: PASSWORD, newPassword: 'An0ther!Stapler-horse' },
    });
    expect(changed.status, changed.text).toBe(200);
    const kept = await liveIds(user.id);
    expect(kept).toHaveLength(1);
    expect(await endedIds(user.id)).toEqual(before.filter((id) => id !== kept[0]).sort());

    const third = await login(t, user.email, 'An0ther!Stapler-horse');
    const others = await gql(t.app, 'mutation { endOtherSessions }', {}, { token: third });
    expect(others.body.errors, others.text).toBeUndefined();
    expect(await endedIds(user.id)).toEqual(before.sort());

    const [last] = await liveIds(user.id);
    const all = await gql(
      t.app,
      'mutation($id: ID!) { adminEndUserSessions(id: $id) }',
      { id: user.id },
      { token: admin },
    );
    expect(all.body.errors, all.text).toBeUndefined();
    expect(await endedIds(user.id)).toEqual([...before, last!].sort());
    expect(await liveIds(user.id)).toEqual([]);
  });
});
