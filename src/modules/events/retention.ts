import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Logger } from '../../shared/logger.js';

const DAY_MS = 24 * 3600 * 1000;

export interface PruneOptions {
  /** Rows per DELETE; small, so each statement holds its row locks only briefly. */
  batchSize?: number;
  /** Pause between batches, leaving room for the inserts and reads of live traffic. */
  pauseMs?: number;
  /** Checked between batches: stop early (at shutdown). */
  shouldStop?: () => boolean;
}

/**
 * Runs `deleteBatch` until it deletes fewer rows than a batch. Each batch is found on an index and
 * locked with SKIP LOCKED, so replicas pruning at the same time share the work instead of waiting
 * on each other, and no statement ever holds many locks or runs for long. Returns how many rows
 * were deleted.
 */
async function pruneInBatches(
  deleteBatch: (batchSize: number) => Promise<number>,
  { batchSize = 1000, pauseMs = 50, shouldStop = () => false }: PruneOptions,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize || shouldStop()) return total;
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** Deletes events stored before `cutoff`, oldest first (on the events(created_at) index). */
export function pruneEventsBefore(prisma: PrismaClient, cutoff: Date, options: PruneOptions = {}): Promise<number> {
  return pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM events WHERE id IN (
        SELECT id FROM events WHERE created_at < ${cutoff}
        ORDER BY created_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );
}

/** Deletes sessions that ended or expired before `cutoff`: such a session can never be used again. */
export function pruneSessionsBefore(prisma: PrismaClient, cutoff: Date, options: PruneOptions = {}): Promise<number> {
  return pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM sessions WHERE id IN (
        SELECT id FROM sessions WHERE expires_at < ${cutoff} OR ended_at < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );
}

export interface RetentionOptions extends Omit<PruneOptions, 'shouldStop'> {
  retentionDays: number;
  /** How often the background job runs. */
  intervalMs?: number;
  /** Delay before the first run, so start-up is not slowed by it. */
  firstRunMs?: number;
}

type Pruner = (prisma: PrismaClient, cutoff: Date, options: PruneOptions) => Promise<number>;

/** A background job that deletes rows older than a retention period (one per table). */
export class RetentionJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  /** Set by stop(): the job does not reschedule and a prune in progress ends after its batch. */
  private stopping = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly options: RetentionOptions,
    private readonly pruner: Pruner = pruneEventsBefore,
    /** Names the rows in log lines. */
    private readonly what = 'old audit events',
  ) {}

  /** The instant before which events are deleted, as of `now`. */
  cutoff(now = new Date()): Date {
    return new Date(now.getTime() - this.options.retentionDays * DAY_MS);
  }

  /** Deletes every row older than the retention period now; resolves with the count. */
  prune(now = new Date()): Promise<number> {
    this.running ??= this.pruner(this.prisma, this.cutoff(now), {
      batchSize: this.options.batchSize,
      pauseMs: this.options.pauseMs,
      shouldStop: () => this.stopping,
    }).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Runs prune() in the background every intervalMs; the timer never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    this.stopping = false;
    this.schedule(this.options.firstRunMs ?? 60_000);
  }

  /** Stops the job; a batch in progress finishes, later batches do not run. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      try {
        const deleted = await this.prune();
        if (deleted) this.logger.info({ deleted, retentionDays: this.options.retentionDays }, `${this.what} deleted`);
      } catch (error) {
        const err = error as { name?: string; code?: string };
        this.logger.warn({ error: err.name, code: err.code }, `retention run for ${this.what} failed; will retry`);
      }
      if (!this.stopping) this.schedule(this.options.intervalMs ?? 3600_000);
    }, delayMs).unref();
  }
}

/** The background job that keeps the events table within EVENTS_RETENTION_DAYS. */
export class EventRetention extends RetentionJob {}

/** Deletes sessions ended or expired more than SESSIONS_RETENTION_DAYS ago. */
export class SessionRetention extends RetentionJob {
  constructor(prisma: PrismaClient, logger: Logger, options: RetentionOptions) {
    super(prisma, logger, options, pruneSessionsBefore, 'ended sessions');
  }
}
