import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventRecorder, type AuditEvent } from '../../src/modules/events/event-recorder.js';
import { newEventId } from '../../src/shared/ids.js';
import { useTestApp } from '../support/app.js';
import { rest, signUpVerified } from '../support/http.js';

// Threat: a client sending many requests grows the in-memory event queue without bound.
// The queue holds at most EVENTS_QUEUE_MAX events; beyond that new events are dropped, counted
// and logged (the request itself is answered as usual).

const QUEUE_MAX = 5;
// Nothing is written until flush(): only the bound keeps the queue small.
const t = useTestApp({
  EVENTS_QUEUE_MAX: String(QUEUE_MAX),
  EVENTS_FLUSH_MS: '600000',
  EVENTS_BATCH_SIZE: '1000',
});

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

function event(marker: string): AuditEvent {
  const now = new Date();
  return {
    id: newEventId(),
    userId: 'user-flood',
    service: 'cloud-accounts',
    input: { method: 'GET', path: `/flood/${marker}` },
    output: { startTime: now.toISOString(), endTime: now.toISOString(), httpStatusCode: 200, bytesOut: 1 },
    serviceData: {},
    createdAt: now,
  };
}

describe('event flooding', () => {
  it('many requests cannot grow the queue past EVENTS_QUEUE_MAX; the rest are counted as dropped', async () => {
    const user = await signUpVerified(t);
    const recorder = t.app.services.events.recorder;
    const before = recorder.stats();
    const accepted = Math.max(0, QUEUE_MAX - before.pending);
    const burst = 60;
    const replies = await Promise.all(
      Array.from({ length: burst }, () => rest(t.app, 'GET', '/users/me', { token: user.token })),
    );
    // Recording never fails or slows a request: every one was answered.
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const after = recorder.stats();
    expect(after.pending).toBe(QUEUE_MAX);
    expect(after.droppedQueueFull - before.droppedQueueFull).toBe(burst - accepted);

    // Once written, the queue has room again.
    await t.app.services.events.flush();
    expect(recorder.stats().pending).toBe(0);
    expect(await t.db.prisma.event.count({ where: { userId: user.id } })).toBe(before.written + QUEUE_MAX);
    await rest(t.app, 'GET', '/users/me', { token: user.token });
    expect(recorder.stats().pending).toBe(1);
    await t.app.services.events.flush();
  });

  it('drops are logged with their count, at most once per interval, never with event contents', async () => {
    const { logger, lines } = captureLogger();
    const recorder = new EventRecorder(t.db.prisma, logger, {
      batchSize: 1000,
      flushMs: 600_000,
      queueMax: 10,
      dropLogIntervalMs: 600_000,
    });
    for (let i = 0; i < 1000; i++) recorder.record(event(`secret-marker-${i}`));
    expect(recorder.stats()).toMatchObject({ pending: 10, droppedQueueFull: 990 });
    const dropLines = () => lines.filter((l) => l.msg === 'audit events dropped');
    // The first drop is reported at once; the next 989 wait for the interval (or close()).
    expect(dropLines()).toEqual([expect.objectContaining({ dropped: 1, reason: 'queue full', queueMax: 10 })]);
    await recorder.close();
    expect(dropLines()).toHaveLength(2);
    expect(dropLines()[1]).toMatchObject({ dropped: 989, droppedTotal: 990 });
    expect(JSON.stringify(lines)).not.toContain('secret-marker');
    expect(recorder.stats()).toMatchObject({ pending: 0, written: 10 });
  });
});
