import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, signUp } from '../support/http.js';
import { adminToken, CREATE_ENDPOINT, startReceiver, type Receiver } from './support.js';
import { WebhookEndpointService } from '../../src/modules/webhooks/webhook-endpoint.service.js';

/**
 * SSRF: an administrator's webhook URL must not make the service call into its own network
 * (loopback, private ranges, link-local cloud metadata), nor use another scheme. Checked at
 * creation, and again at delivery, since a name can resolve elsewhere later (DNS rebinding).
 */
const t = useTestApp({ WEBHOOK_POLL_MS: '50', WEBHOOK_BACKOFF_BASE_MS: '100', WEBHOOK_MAX_ATTEMPTS: '2' });
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const REFUSED = [
  'http://127.0.0.1:8080/hook',
  'http://localhost/hook',
  'http://10.1.2.3/hook',
  'http://192.168.0.10/hook',
  'http://172.16.5.5/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://[::1]/hook',
  'http://[fd00::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://0.0.0.0/hook',
  'ftp://example.com/hook',
  'file:///etc/passwd',
  'http://user:pass@example.com/hook',
  'not a url',
];

describe('webhook URLs', () => {
  it('refuses non-http(s) URLs and private, loopback and link-local addresses, storing nothing', async () => {
    const token = await adminToken(t);
    for (const url of REFUSED) {
      const reply = await gql(t.app, CREATE_ENDPOINT, { input: { url, eventTypes: ['user.created'] } }, { token });
      expect(reply.body.errors?.[0]?.extensions?.code, url).toBe('WebhookUrlRefused');
      expect(reply.text).not.toMatch(/stack|ECONN|at .+\.ts/);
    }
    expect(await t.db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it('refuses at delivery a host that now resolves to a private address (rebinding)', async () => {
    // As if `localhost` had been a public name when the endpoint was created.
    const port = new URL(receiver.url).port;
    const service = new WebhookEndpointService(t.db.prisma, (t.app.services.webhookEndpoints as any).secrets, {
      allowPrivateUrls: true,
    });
    const { id } = await service.create({ url: `http://localhost:${port}/hooks`, eventTypes: ['user.created'] });
    const user = await signUp(t);
    const message = await t.db.prisma.webhookMessage.findFirstOrThrow({ where: { endpointId: id } });
    expect((message.payload as any).data.userId).toBe(user.id);
    const dead = await waitDead(message.id);
    expect(dead.lastError).toMatch(/private, loopback or link-local/);
    expect(receiver.received).toHaveLength(0);
  });
});

async function waitDead(id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const row = await t.db.prisma.webhookMessage.findFirst({ where: { id, deadAt: { not: null } } });
    if (row) return row;
    if (Date.now() > deadline) throw new Error('the message never died');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
