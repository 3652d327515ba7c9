import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Logger } from '../../shared/logger.js';

/** One audit event as the HTTP layer hands it over. */
export interface AuditEvent {
  id: string;
  userId: string;
  service: string;
  input: Record<string, unknown>;
  output: { startTime: string; endTime: string; httpStatusCode: number; bytesOut: number };
  serviceData: Record<string, unknown>;
  /** When the call ended (its response body was sent): the event's place in the audit trail. */
  createdAt: Date;
}

export interface EventRecorderOptions {
  /** Rows per bulk insert; a full batch is written at once instead of waiting for the timer. */
  batchSize: number;
  /** Longest an event waits in memory before its batch is written. */
  flushMs: number;
  /** Events held in memory (queued and being written) at most; past it new events are dropped. */
  queueMax: number;
  /** Tries per batch before it is given up (and counted as dropped). */
  maxAttempts?: number;
  /** First pause between tries; doubles each time. */
  retryDelayMs?: number;
  /** Shortest gap between two "events dropped" log lines. */
  dropLogIntervalMs?: number;
}

export interface EventRecorderStats {
  /** Events in memory: waiting plus being written. Never above queueMax. */
  pending: number;
  written: number;
  droppedQueueFull: number;
  droppedWriteFailed: number;
}

type DropReason = 'queue full' | 'write failed';

/**
 * Writes audit events off the request path: `record()` only pushes onto an in-memory queue and
 * returns; batches are written with one bulk INSERT each, every `flushMs` or as soon as
 * `batchSize` events wait. At most one insert is in flight, so a slow database cannot pile up
 * connections.
 *
 * Memory is bounded: when `queueMax` events are held, new ones are dropped rather than making the
 * request wait (recording must never slow or fail the call it records). Drops are counted (see
 * `stats()`) and logged with their count, at most once per `dropLogIntervalMs`, so a flood
 * cannot flood the log either. A batch whose insert keeps failing is retried a few times, then
 * dropped the same way; the log names the error, never the events.
 */
export class EventRecorder {
  private queue: AuditEvent[] = [];
  private inFlight = 0;
  private enqueued = 0;
  private dequeued = 0;
  /** The drain loop keeps writing until `dequeued` reaches this (set by the timer and flush()). */
  private flushTarget = 0;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private counts = { written: 0, droppedQueueFull: 0, droppedWriteFailed: 0 };
  private unloggedDrops: Record<DropReason, number> = { 'queue full': 0, 'write failed': 0 };
  private dropLogTimer?: NodeJS.Timeout;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly dropLogIntervalMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly options: EventRecorderOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.dropLogIntervalMs = options.dropLogIntervalMs ?? 10_000;
  }

  /** Queues one event and returns at once; never throws, never waits. */
  record(event: AuditEvent): void {
    if (this.queue.length + this.inFlight >= this.options.queueMax) {
      this.noteDrop('queue full', 1);
      return;
    }
    this.queue.push(event);
    this.enqueued++;
    if (this.queue.length >= this.options.batchSize) void this.kick();
    else this.timer ??= setTimeout(() => this.onTimer(), this.options.flushMs).unref();
  }

  /** Writes everything queued so far (retrying failed batches); resolves when that is done. */
  async flush(): Promise<void> {
    const target = this.enqueued;
    this.flushTarget = Math.max(this.flushTarget, target);
    // Awaiting a drain that was already ending may leave the target short: go round again.
    do await this.kick();
    while (this.dequeued < target);
  }

  /** Flushes and stops the timers; the final drop count (if any) is logged. */
  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.dropLogTimer);
    this.dropLogTimer = undefined;
    this.logDrops();
  }

  stats(): EventRecorderStats {
    return { pending: this.queue.length + this.inFlight, ...this.counts };
  }

  private onTimer(): void {
    this.timer = undefined;
    this.flushTarget = this.enqueued;
    void this.kick();
  }

  private kick(): Promise<void> {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // Events that arrived during the last write and were not asked for yet wait for the timer.
      if (this.queue.length) this.timer ??= setTimeout(() => this.onTimer(), this.options.flushMs).unref();
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length && (this.queue.length >= this.options.batchSize || this.dequeued < this.flushTarget)) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.dequeued += batch.length;
      this.inFlight = batch.length;
      try {
        await this.write(batch);
      } finally {
        this.inFlight = 0;
      }
    }
  }

  private async write(batch: AuditEvent[]): Promise<void> {
    const rows = JSON.stringify(
      batch.map((event) => ({
        id: event.id,
        user_id: event.userId,
        service: event.service,
        input: event.input,
        output: event.output,
        service_data: event.serviceData,
        http_status_code: event.output.httpStatusCode,
        created_at: event.createdAt.toISOString(),
      })),
    );
    for (let attempt = 1; ; attempt++) {
      try {
        await insertBatch(this.prisma, rows);
        this.counts.written += batch.length;
        return;
      } catch (error) {
        const err = error as { name?: string; code?: string };
        // Only the error's name and code: a driver message can quote the rows being inserted.
        const reason = { error: err.name ?? 'Error', code: err.code, attempt, events: batch.length };
        if (attempt >= this.maxAttempts) {
          this.logger.error(reason, 'audit events could not be written; giving up on this batch');
          this.noteDrop('write failed', batch.length);
          return;
        }
        this.logger.warn(reason, 'audit events could not be written; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  private noteDrop(reason: DropReason, count: number): void {
    this.counts[reason === 'queue full' ? 'droppedQueueFull' : 'droppedWriteFailed'] += count;
    this.unloggedDrops[reason] += count;
    if (this.dropLogTimer) return;
    this.logDrops();
    this.armDropLog();
  }

  // While drops keep coming the timer re-arms, so there is at most one line per interval.
  private armDropLog(): void {
    this.dropLogTimer = setTimeout(() => {
      this.dropLogTimer = undefined;
      if (this.logDrops()) this.armDropLog();
    }, this.dropLogIntervalMs).unref();
  }

  private logDrops(): boolean {
    let logged = false;
    for (const reason of ['queue full', 'write failed'] as const) {
      const dropped = this.unloggedDrops[reason];
      if (!dropped) continue;
      this.unloggedDrops[reason] = 0;
      logged = true;
      this.logger.warn(
        {
          reason,
          dropped,
          droppedTotal: this.counts.droppedQueueFull + this.counts.droppedWriteFailed,
          queueMax: this.options.queueMax,
        },
        'audit events dropped',
      );
    }
    return logged;
  }
}

/**
 * One INSERT for the whole batch, its rows passed as a single JSON parameter. Measured here,
 * `prisma.event.createMany` spent 100-400 ms of CPU on the event loop per batch (50 or 500 rows
 * alike), about as much as the requests being recorded; this statement costs a few ms.
 * created_at is read as `timestamp` (the column's type), so the ISO string's Z is taken as the
 * UTC the column holds whatever the session's TimeZone. ON CONFLICT: a retry after a lost
 * acknowledgement must not fail on rows already written.
 */
function insertBatch(prisma: PrismaClient, rows: string): Promise<number> {
  return prisma.$executeRaw`
    INSERT INTO events (id, user_id, service, input, output, service_data, http_status_code, created_at)
    SELECT id, user_id, service, input, output, service_data, http_status_code, created_at
    FROM jsonb_to_recordset(${rows}::jsonb) AS x(
      id text, user_id text, service text, input jsonb, output jsonb, service_data jsonb,
      http_status_code integer, created_at timestamp(3)
    )
    ON CONFLICT (id) DO NOTHING`;
}
