import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, signUpVerified } from '../support/http.js';

/**
 * Webhooks carry every account event to a URL of the caller's choosing: only an administrator
 * may manage them. An ordinary account gets AdminRequired (403); no token gets Unauthenticated.
 */
const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });

const OPERATIONS = [
  'mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/x", eventTypes: ["user.created"] }) { id secret } }',
  '{ webhookEndpoints { id url } }',
  '{ webhookDeadLetters { id payload } }',
  'mutation { updateWebhookEndpoint(id: "ep_x", input: { enabled: false }) { id } }',
  'mutation { deleteWebhookEndpoint(id: "ep_x") }',
  'mutation { rotateWebhookSecret(id: "ep_x") { secret } }',
  'mutation { replayWebhookMessage(id: "msg_x") { id } }',
];

describe('webhook administration', () => {
  it('is refused to an ordinary account and to an anonymous caller, changing nothing', async () => {
    const user = await signUpVerified(t);
    for (const query of OPERATIONS) {
      const asUser = await gql(t.app, query, {}, { token: user.token });
      expect(asUser.body.errors?.[0]?.extensions?.code, query).toBe('AdminRequired');
      expect(asUser.body.data ?? null, query).toBeNull();
      const anonymous = await gql(t.app, query);
      expect(anonymous.body.errors?.[0]?.extensions?.code, query).toBe('Unauthenticated');
    }
    expect(await t.db.prisma.webhookEndpoint.count()).toBe(0);
  });
});
