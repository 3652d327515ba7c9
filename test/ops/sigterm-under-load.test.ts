import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { lastMailValue } from '../support/app.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import { startService, stopServices, tempDataDir, withMigratedPglite } from '../support/service-process.js';

afterAll(() => stopServices());

describe('SIGTERM under load', () => {
  it('completes in-flight requests, writes queued events and exits 0', async () => {
    const dataDir = tempDataDir();
    const url = onPostgres ? await freshPostgresUrl() : undefined;
    if (!url) await withMigratedPglite(dataDir);
    // A long flush interval: the events can only reach the database through the shutdown flush.
    const service = await startService(
      { DATABASE_URL: url ?? '', EVENTS_FLUSH_MS: '600000', RATE_LIMITS_ENABLED: 'false' },
      dataDir,
    );

    const email = uniqueEmail('term');
    const created = await service.call('POST', '/users', { body: { email, password: PASSWORD, displayName: 'Term' } });
    const verification = lastMailValue({ DATA_DIR: dataDir } as Config, email, 'Verification token');
    await service.call('PUT', `/users/${created.body.id}/token/${verification}`);
    const auth = await service.call('POST', '/auth', { basic: { username: email, password: PASSWORD } });
    expect(auth.status).toBe(200);

    const load = Array.from({ length: 60 }, () =>
      service.call('GET', '/users/me', { token: auth.body.accessToken }).then(
        (reply) => reply.status,
        () => 'refused' as const,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    service.child.kill('SIGTERM');
    const outcomes = await Promise.all(load);
    expect(await service.exited).toBe(0);

    // Accepted requests were answered in full; the rest were never accepted. Nothing failed half-way.
    expect(outcomes.every((o) => o === 200 || o === 'refused')).toBe(true);
    const answered = outcomes.filter((o) => o === 200).length;
    expect(answered).toBeGreaterThan(0);

    const db = await openDatabase({ url, dataDir });
    try {
      const events = await db.prisma.event.count({ where: { userId: created.body.id } });
      // login + every answered GET /users/me (the verification call is attributed too, if any).
      expect(events).toBeGreaterThanOrEqual(answered + 1);
    } finally {
      await db.close();
    }
  }, 120_000);
});
