import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { emitWebhookEvent } from '../../src/modules/webhooks/outbox.js';
import { SecretBox } from '../../src/modules/two-factor/secret-box.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { startService, stopServices, tempDataDir, withMigratedPglite } from '../support/service-process.js';
import { eventually, startReceiver } from './support.js';

// The data key test/support/service-process.ts gives every service process.
const DATA_KEY = '5f1d3c9a7b2e4f6081a3c5e7092b4d6f8a1c3e5f7092b4d6f8a1c3e5f7092b4d';
const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;

afterAll(() => stopServices());

/**
 * `kill -9` while a message is being delivered (the receiver holds the request open): the claim
 * was only a lease, so once it lapses the next instance delivers the message, with the same id.
 */
describe('kill -9 during a webhook delivery', () => {
  it(
    'loses nothing: a new instance delivers the message after the lease lapses, with the same id',
    { timeout: 400_000 },
    async () => {
      const receiver = await startReceiver();
      try {
        const dataDir = tempDataDir();
        const url = onPostgres ? await freshPostgresUrl() : undefined;
        if (!url) await withMigratedPglite(dataDir);
        const db = await openDatabase({ url, dataDir });
        await migrate(db);
        const endpointId = 'ep_kill9';
        await db.prisma.webhookEndpoint.create({
          data: {
            id: endpointId,
            url: receiver.url,
            eventTypes: ['user.created'],
            secret: new SecretBox(Buffer.from(DATA_KEY, 'hex')).seal(SECRET, endpointId),
          },
        });
        await emitWebhookEvent(db.prisma, 'user.created', { userId: 'user-kill9', email: 'kill9@example.com' });
        await db.close();

        receiver.answers.push('hang');
        const env = {
          DATABASE_URL: url ?? '',
          WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
          WEBHOOK_POLL_MS: '100',
          WEBHOOK_TIMEOUT_MS: '1500',
        };
        const first = await startService(env, dataDir);
        await eventually(() => receiver.received.length === 1, 120_000);
        first.child.kill('SIGKILL');
        await first.exited;

        await startService(env, dataDir);
        const second = await eventually(() => receiver.received[1], 120_000);
        const [firstTry] = receiver.received;
        expect(second.headers['webhook-id']).toBe(firstTry!.headers['webhook-id']);
        expect(second.body).toBe(firstTry!.body);
        expect(second.json.data).toEqual({ userId: 'user-kill9', email: 'kill9@example.com' });
        expect(() => new Webhook(SECRET).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
      } finally {
        await receiver.close();
      }
    },
  );
});
