import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { pruneEventsBefore } from '../../src/modules/retention/prune.js';
import { type TestApp, useTestApp } from '../support/app.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { withMigratedPglite } from '../support/service-process.js';
import { seedEvents } from './helpers.js';

const DAY = 24 * 3600_000;
const t = useTestApp({ EVENTS_RETENTION_DAYS: '30' });

describe('event retention', () => {
  it('deletes events older than EVENTS_RETENTION_DAYS, in batches, and keeps the newer ones', async () => {
    const now = Date.now();
    const old = [
      ...(await seedEvents(t, 'user-retention-a', 1500, { newest: new Date(now - 31 * DAY), stepMs: 60_000 })),
      ...(await seedEvents(t, 'user-retention-b', 700, { newest: new Date(now - 400 * DAY), stepMs: 1000 })),
    ];
    const kept = [
      ...(await seedEvents(t, 'user-retention-a', 50, { newest: new Date(now - 29 * DAY), stepMs: 1000 })),
      ...(await seedEvents(t, 'user-retention-b', 50, { newest: new Date(now), stepMs: 1000 })),
    ];
    const deleted = await t.app.services.retention.prune('events');
    expect(deleted).toBe(old.length);
    const left = await t.db.prisma.event.findMany({
      where: { userId: { in: ['user-retention-a', 'user-retention-b'] } },
      select: { id: true },
    });
    expect(new Set(left.map((e) => e.id))).toEqual(new Set(kept.map((e) => e.id)));
    expect(await t.app.services.retention.prune('events')).toBe(0);
  });

  it('works in batches of the given size and can stop between batches', async () => {
    const cutoff = new Date(Date.now() - 1000 * DAY);
    await seedEvents(t, 'user-retention-c', 250, { newest: new Date(cutoff.getTime() - DAY), stepMs: 1000 });
    let batches = 0;
    const deleted = await pruneEventsBefore(t.db.prisma, cutoff, {
      batchSize: 100,
      pauseMs: 0,
      shouldStop: () => ++batches >= 2,
    });
    expect(deleted).toBe(200);
    expect(await t.db.prisma.event.count({ where: { userId: 'user-retention-c' } })).toBe(50);
    expect(await pruneEventsBefore(t.db.prisma, cutoff, { batchSize: 100, pauseMs: 0 })).toBe(50);
  });

  it('npm run events:prune deletes old events on demand', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accounts-prune-'));
    const url = onPostgres ? await freshPostgresUrl() : undefined;
    try {
      const env = {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: url ?? '',
        EVENTS_RETENTION_DAYS: '7',
        LOG_LEVEL: 'silent',
      };
      if (!url) await withMigratedPglite(dataDir);
      let db = await openDatabase({ url, dataDir });
      await migrate(db);
      const seeded = { db } as unknown as TestApp;
      await seedEvents(seeded, 'user-prune', 30, { newest: new Date(Date.now() - 8 * DAY), stepMs: 1000 });
      await seedEvents(seeded, 'user-prune', 4, { newest: new Date(Date.now() - 6 * DAY), stepMs: 1000 });
      await db.close();

      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/prune-events.ts'], {
        env,
      });
      expect(stdout).toMatch(/^deleted 30 audit events stored before \d{4}-/);

      db = await openDatabase({ url, dataDir });
      expect(await db.prisma.event.count({ where: { userId: 'user-prune' } })).toBe(4);
      await db.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
