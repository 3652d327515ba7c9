import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, signUp } from '../support/http.js';
import { adminToken, createEndpoint, eventually, ofType, startReceiver, type Receiver } from './support.js';

/**
 * A failing receiver is retried with the same `webhook-id` (at least once), then the message is
 * dead-lettered after WEBHOOK_MAX_ATTEMPTS; an administrator lists dead letters and replays one.
 */
const t = useTestApp({
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_BACKOFF_BASE_MS: '100',
  WEBHOOK_MAX_ATTEMPTS: '3',
});
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const DEAD_LETTERS = `query ($endpointId: ID) {
  webhookDeadLetters(endpointId: $endpointId) { id type attempts deadAt lastStatus lastError payload }
}`;

describe('webhook retries and dead letters', () => {
  it('retries a 500 with the same id and signs each attempt afresh', async () => {
    const token = await adminToken(t);
    const endpoint = await createEndpoint(t, token, receiver.url, ['user.created']);
    receiver.answers.push(500, 503);
    const user = await signUp(t);
    const mine = () => ofType(receiver, 'user.created').filter((r) => r.json.data.userId === user.id);
    await eventually(() => mine().length >= 3);
    const ids = new Set(mine().map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const attempt of mine()) {
      expect(() =>
        new Webhook(endpoint.secret).verify(attempt.body, attempt.headers as Record<string, string>),
      ).not.toThrow();
    }
    const [id] = [...ids] as string[];
    const row = await eventually(() =>
      t.db.prisma.webhookMessage.findFirst({ where: { id, deliveredAt: { not: null } } }),
    );
    expect(row.attempts).toBe(3);
    expect(row.deadAt).toBeNull();
    await gql(t.app, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpoint.id }, { token });
  });

  it('dead-letters after WEBHOOK_MAX_ATTEMPTS failures, and a replay delivers it with the same id', async () => {
    const token = await adminToken(t);
    const endpoint = await createEndpoint(t, token, receiver.url, ['user.created']);
    receiver.otherwise = 500;
    const user = await signUp(t);
    const mine = () => ofType(receiver, 'user.created').filter((r) => r.json.data.userId === user.id);

    const dead = await eventually(async () => {
      const reply = await gql(t.app, DEAD_LETTERS, { endpointId: endpoint.id }, { token });
      return reply.body.data?.webhookDeadLetters?.[0];
    });
    expect(dead).toMatchObject({ type: 'user.created', attempts: 3, lastStatus: 500, lastError: 'HTTP 500' });
    expect(dead.payload.data).toMatchObject({ userId: user.id, email: user.email });
    expect(mine()).toHaveLength(3);
    expect(new Set(mine().map((r) => r.headers['webhook-id']))).toEqual(new Set([dead.id]));

    receiver.otherwise = 204;
    const replayed = await gql(
      t.app,
      'mutation ($id: ID!) { replayWebhookMessage(id: $id) { id attempts deadAt } }',
      { id: dead.id },
      { token },
    );
    // The worker may already have claimed it again (attempts 1) by the time the answer is read.
    expect(replayed.body.data.replayWebhookMessage).toMatchObject({ id: dead.id, deadAt: null });
    expect(replayed.body.data.replayWebhookMessage.attempts).toBeLessThanOrEqual(1);
    await eventually(() => mine().length === 4);
    expect(mine()[3]!.headers['webhook-id']).toBe(dead.id);
    await eventually(() =>
      t.db.prisma.webhookMessage.findFirst({ where: { id: dead.id, deliveredAt: { not: null } } }),
    );
    const after = await gql(t.app, DEAD_LETTERS, { endpointId: endpoint.id }, { token });
    expect(after.body.data.webhookDeadLetters).toEqual([]);

    // A pending or unknown message cannot be replayed.
    const unknown = await gql(t.app, 'mutation { replayWebhookMessage(id: "msg_nope") { id } }', {}, { token });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('WebhookMessageNotFound');
  });
});
