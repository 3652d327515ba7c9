import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUp, signUpVerified } from '../support/http.js';
import { adminToken, createEndpoint, eventually, ofType, startReceiver, type Receiver } from './support.js';

/**
 * Events reach a subscribed endpoint as Standard Webhooks: signed with the endpoint's secret (the
 * spec's own library verifies them), `webhook-id` stable, the payload naming the user by id and
 * email; an endpoint gets only the types it asked for.
 */
const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '50' });
let receiver: Receiver;
let other: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  other = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await other.close();
});

describe('webhook delivery', () => {
  it('signs every event with the endpoint secret, as the spec verifies it, and names the user', async () => {
    const token = await adminToken(t);
    const endpoint = await createEndpoint(t, token, receiver.url, [
      'user.created',
      'user.verified',
      'password.changed',
    ]);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await createEndpoint(t, token, other.url, ['client_key.created']);

    const user = await signUpVerified(t);
    const created = await eventually(() =>
      ofType(receiver, 'user.created').find((r) => r.json.data.userId === user.id),
    );
    const verified = await eventually(() =>
      ofType(receiver, 'user.verified').find((r) => r.json.data.userId === user.id),
    );
    for (const delivery of [created, verified]) {
      expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
      expect(delivery.headers['webhook-timestamp']).toMatch(/^\d+$/);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(() =>
        new Webhook(endpoint.secret).verify(delivery.body, delivery.headers as Record<string, string>),
      ).not.toThrow();
      expect(delivery.json.data).toMatchObject({ userId: user.id, email: user.email });
    }
    // A wrong secret does not verify.
    const wrong = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(() => new Webhook(wrong).verify(created.body, created.headers as Record<string, string>)).toThrow();

    // Only the subscribed types: a client key goes to the other endpoint, not this one.
    const key = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
    expect(key.status).toBe(200);
    const keyEvent = await eventually(() => ofType(other, 'client_key.created')[0]);
    expect(keyEvent.json.data).toMatchObject({ userId: user.id, email: user.email, clientId: key.body.clientId });
    expect(ofType(receiver, 'client_key.created')).toHaveLength(0);
    expect(other.received.every((r) => r.json.type === 'client_key.created')).toBe(true);
  });

  it('lists endpoints without their secrets, updates, rotates and deletes them', async () => {
    const token = await adminToken(t);
    const endpoint = await createEndpoint(t, token, receiver.url, ['user.created']);
    const listed = await gql(t.app, '{ webhookEndpoints { id url eventTypes enabled } }', {}, { token });
    expect(listed.body.data.webhookEndpoints).toContainEqual({
      id: endpoint.id,
      url: receiver.url,
      eventTypes: ['user.created'],
      enabled: true,
    });
    expect(listed.text).not.toContain('whsec_');

    const rotated = await gql(
      t.app,
      'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { id secret } }',
      { id: endpoint.id },
      { token },
    );
    const secret = rotated.body.data.rotateWebhookSecret.secret as string;
    expect(secret).not.toBe(endpoint.secret);
    const signedUp = await signUp(t);
    const delivery = await eventually(() =>
      ofType(receiver, 'user.created').find((r) => r.json.data.userId === signedUp.id),
    );
    // Both endpoints subscribed to user.created sent one; the rotated one verifies with the new secret.
    const mine = ofType(receiver, 'user.created').filter((r) => r.json.data.userId === signedUp.id);
    expect(mine.some((r) => verifies(secret, r))).toBe(true);
    expect(mine.some((r) => verifies(endpoint.secret, r))).toBe(false);
    expect(delivery).toBeDefined();

    const disabled = await gql(
      t.app,
      'mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false, eventTypes: ["twofa.enabled"] }) { enabled eventTypes } }',
      { id: endpoint.id },
      { token },
    );
    expect(disabled.body.data.updateWebhookEndpoint).toEqual({ enabled: false, eventTypes: ['twofa.enabled'] });
    const deleted = await gql(
      t.app,
      'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }',
      { id: endpoint.id },
      { token },
    );
    expect(deleted.body.data.deleteWebhookEndpoint).toBe(true);
    const again = await gql(
      t.app,
      'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }',
      { id: endpoint.id },
      { token },
    );
    expect(again.body.errors?.[0]?.extensions?.code).toBe('WebhookEndpointNotFound');
  });

  it('refuses unknown event types and empty lists', async () => {
    const token = await adminToken(t);
    const unknown = await gql(
      t.app,
      'mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/x", eventTypes: ["user.hacked"] }) { id } }',
      {},
      { token },
    );
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('UnknownWebhookEventType');
    const empty = await gql(
      t.app,
      'mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/x", eventTypes: [] }) { id } }',
      {},
      { token },
    );
    expect(empty.body.errors?.[0]?.extensions?.code).toBe('InvalidInput');
  });
});

function verifies(secret: string, delivery: { body: string; headers: Record<string, unknown> }): boolean {
  try {
    new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}
