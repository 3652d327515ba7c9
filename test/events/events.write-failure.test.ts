import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../../src/modules/events/event-recorder.js';
import { newEventId } from '../../src/shared/ids.js';
import { freshDatabase } from '../support/db.js';

// A database that refuses the insert: the batch is retried a bounded number of times, then
// counted as dropped and logged by error name only (a driver message could quote the rows).

describe('a batch that cannot be written', () => {
  it('is retried, then dropped, counted and logged without its contents', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _encoding, callback) {
          lines.push(JSON.parse(String(chunk)));
          callback();
        },
      }),
    );
    const { db } = await freshDatabase();
    const recorder = new EventRecorder(db.prisma, logger, {
      batchSize: 100,
      flushMs: 600_000,
      queueMax: 100,
      maxAttempts: 3,
      retryDelayMs: 1,
    });
    await db.close(); // every write now fails for real
    const now = new Date();
    for (let i = 0; i < 4; i++) {
      recorder.record({
        id: newEventId(),
        userId: 'user-write-failure',
        service: 'cloud-accounts',
        input: { method: 'POST', path: `/marker-${i}-do-not-log` },
        output: { startTime: now.toISOString(), endTime: now.toISOString(), httpStatusCode: 200, bytesOut: 3 },
        serviceData: {},
        createdAt: now,
      });
    }
    await recorder.flush();
    expect(recorder.stats()).toEqual({ pending: 0, written: 0, droppedQueueFull: 0, droppedWriteFailed: 4 });
    const messages = lines.map((l) => l.msg);
    expect(messages.filter((m) => m === 'audit events could not be written; retrying')).toHaveLength(2);
    expect(messages.filter((m) => m === 'audit events could not be written; giving up on this batch')).toHaveLength(1);
    expect(lines.find((l) => l.msg === 'audit events dropped')).toMatchObject({ reason: 'write failed', dropped: 4 });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('do-not-log');
    expect(logged).not.toContain('user-write-failure');
    await recorder.close();
  });
});
