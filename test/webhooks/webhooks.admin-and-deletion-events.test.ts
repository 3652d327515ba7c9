import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { disableUser } from '../admin/admin.support.js';
import { adminToken, createEndpoint } from './support.js';

/**
 * The account events of the admin and own-data operations reach the outbox in their own
 * transaction: user.disabled when an administrator disables an account (once: disabling it again
 * changes nothing), user.deleted when an administrator or the person deletes it, naming the
 * address the account had. The worker is kept idle so the rows can be read as written.
 */
const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '3600000' });

const payloads = async (type: string, userId: string) =>
  (await t.db.prisma.webhookMessage.findMany({ where: { type } }))
    .map((row) => row.payload as { type: string; data: { userId: string; email: string } })
    .filter((payload) => payload.data.userId === userId);

describe('user.disabled and user.deleted webhook events', () => {
  it('are written when an administrator disables or deletes, and when a person deletes their account', async () => {
    const token = await adminToken(t);
    await createEndpoint(t, token, 'http://127.0.0.1:9/hook', ['user.disabled', 'user.deleted']);

    const disabled = await signUpVerified(t);
    await disableUser(t, token, disabled.id);
    await disableUser(t, token, disabled.id);
    expect(await payloads('user.disabled', disabled.id)).toEqual([
      expect.objectContaining({ type: 'user.disabled', data: expect.objectContaining({ email: disabled.email }) }),
    ]);

    const removed = await gql(t.app, 'mutation($id: ID!) { adminDeleteUser(id: $id) }', { id: disabled.id }, { token });
    expect(removed.body.errors, removed.text).toBeUndefined();
    expect(await payloads('user.deleted', disabled.id)).toHaveLength(1);

    const leaving = await signUpVerified(t);
    const wrong = await rest(t.app, 'DELETE', '/users/me', {
      token: leaving.token,
      body: { password: 'Wr0ng!Horse-battery' },
    });
    expect(wrong.status).toBe(403);
    expect(await payloads('user.deleted', leaving.id)).toHaveLength(0);
    const gone = await rest(t.app, 'DELETE', '/users/me', { token: leaving.token, body: { password: PASSWORD } });
    expect(gone.status, gone.text).toBeLessThan(300);
    expect(await payloads('user.deleted', leaving.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ userId: leaving.id, email: leaving.email }) }),
    ]);
  });
});
