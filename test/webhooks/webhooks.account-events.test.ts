import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { basicLogin, freshIp, retryAfter, WRONG_PASSWORD } from '../support/abuse.js';
import { rest, signUpVerified } from '../support/http.js';
import { adminToken, createEndpoint } from './support.js';

/**
 * Events raised outside a service transaction of their own: a login lockout (from the field
 * policy) and a client key deletion, each naming the account by id and email. The worker is
 * idle (long poll) so the outbox rows are read as written.
 */
const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '3600000', LOGIN_LOCKOUT_THRESHOLD: '3' });

const dataOf = async (type: string) =>
  (await t.db.prisma.webhookMessage.findMany({ where: { type } })).map(
    (row) => (row.payload as { data: Record<string, unknown> }).data,
  );

describe('account events', () => {
  it('login.locked_out when failures lock an IP out, client_key.deleted on delete', async () => {
    const token = await adminToken(t);
    await createEndpoint(t, token, 'http://127.0.0.1:9/x', ['login.locked_out', 'client_key.deleted']);
    const user = await signUpVerified(t);
    const attacker = freshIp();
    for (let i = 0; i < 3; i++) await basicLogin(t, user.email, WRONG_PASSWORD, attacker);
    expect(retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, attacker))).toBeDefined();
    const locked = await dataOf('login.locked_out');
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ userId: user.id, email: user.email });
    expect(locked[0]!.lockedForSeconds).toBeGreaterThan(0);

    const key = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
    const deleted = await rest(t.app, 'DELETE', `/users/me/client-keys/${key.body.clientId}`, { token: user.token });
    expect(deleted.status).toBeLessThan(300);
    expect(await dataOf('client_key.deleted')).toEqual([
      { userId: user.id, email: user.email, clientId: key.body.clientId },
    ]);
  });
});
