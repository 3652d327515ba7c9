import { describe, expect, it } from 'vitest';
import { emitWebhookEvent } from '../../src/modules/webhooks/outbox.js';
import { useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { adminToken, createEndpoint } from './support.js';

/**
 * An event is written in the transaction of the change it reports: a change that fails (or rolls
 * back) leaves no message, a change that commits leaves exactly one per subscribed endpoint.
 * The worker is kept idle (long poll) so the outbox rows can be read as written.
 */
const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '3600000', CLIENT_KEYS_MAX: '1' });

const messages = (type: string, userId: string) =>
  t.db.prisma.webhookMessage
    .findMany({ where: { type } })
    .then((rows) => rows.filter((row) => (row.payload as { data: { userId: string } }).data.userId === userId));

describe('webhook events and their transaction', () => {
  it('a failed change emits nothing; a committed one emits once per endpoint', async () => {
    const token = await adminToken(t);
    const all = ['password.changed', 'client_key.created', 'session.ended'];
    await createEndpoint(t, token, 'http://127.0.0.1:9/a', all);
    await createEndpoint(t, token, 'http://127.0.0.1:9/b', ['password.changed']);
    const user = await signUpVerified(t);

    const wrongOld = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: 'Wr0ng!Horse-battery', newPassword: 'An0ther!Stapler-horse' },
    });
    expect(wrongOld.status).toBe(403);
    expect(await messages('password.changed', user.id)).toHaveLength(0);
    const changed = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: PASSWORD, newPassword: 'An0ther!Stapler-horse' },
    });
    expect(changed.status).toBe(200);
    const rows = await messages('password.changed', user.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.payload).toMatchObject({ type: 'password.changed', data: { userId: user.id, email: user.email } });

    // The second key is over CLIENT_KEYS_MAX: refused inside the transaction, no event.
    const token2 = changed.body.accessToken as string;
    expect((await rest(t.app, 'POST', '/users/me/client-keys', { token: token2 })).status).toBe(200);
    expect((await rest(t.app, 'POST', '/users/me/client-keys', { token: token2 })).status).toBe(409);
    expect(await messages('client_key.created', user.id)).toHaveLength(1);

    // Ending an unknown session fails and emits nothing.
    const end = await gql(t.app, 'mutation { endSession(id: "sess-none") }', {}, { token: token2 });
    expect(end.body.errors).toBeDefined();
    expect(await messages('session.ended', user.id)).toHaveLength(0);
    const logout = await gql(t.app, 'mutation { logout }', {}, { token: token2 });
    expect(logout.body.data?.logout).toBe(true);
    const ended = await messages('session.ended', user.id);
    expect(ended).toHaveLength(1);
    expect((ended[0]!.payload as { data: { sessionId: string } }).data.sessionId).toMatch(/\S/);
  });

  it('a transaction that rolls back after emitting leaves no message', async () => {
    const user = await signUpVerified(t);
    await expect(
      t.db.prisma.$transaction(async (tx) => {
        expect(await emitWebhookEvent(tx, 'password.changed', { userId: user.id })).toBe(2);
        throw new Error('the change failed after the emit');
      }),
    ).rejects.toThrow('the change failed');
    expect(await messages('password.changed', user.id)).toHaveLength(0);
  });
});
