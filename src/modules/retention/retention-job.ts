import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Config } from '../../config.js';
import { PeriodicTask } from '../../shared/periodic-task.js';
import type { Logger } from '../../shared/logger.js';
import {
  type Pruner,
  pruneEventsBefore,
  pruneOneTimeCodesBefore,
  pruneRateLimitsBefore,
  pruneRefreshTokensBefore,
  pruneSessionsBefore,
  pruneUnverifiedAccountsBefore,
  pruneWebhookMessagesBefore,
} from './prune.js';

const DAY_MS = 24 * 3600 * 1000;

/** Every table that would otherwise grow forever: its setting, its rows' name in logs, its pruner. */
export const RETENTION_KINDS = {
  events: { setting: 'EVENTS_RETENTION_DAYS', what: 'old audit events', prune: pruneEventsBefore },
  sessions: { setting: 'SESSIONS_RETENTION_DAYS', what: 'ended sessions', prune: pruneSessionsBefore },
  refreshTokens: {
    setting: 'REFRESH_TOKENS_RETENTION_DAYS',
    what: 'expired or revoked refresh tokens',
    prune: pruneRefreshTokensBefore,
  },
  oneTimeCodes: {
    setting: 'ONE_TIME_CODES_RETENTION_DAYS',
    what: 'used or expired one-time codes',
    prune: pruneOneTimeCodesBefore,
  },
  unverifiedAccounts: {
    setting: 'UNVERIFIED_ACCOUNTS_RETENTION_DAYS',
    what: 'unverified accounts',
    prune: pruneUnverifiedAccountsBefore,
  },
  rateLimits: {
    setting: 'RATE_LIMITS_RETENTION_DAYS',
    what: 'expired rate-limit counters',
    prune: pruneRateLimitsBefore,
  },
  webhookMessages: {
    setting: 'WEBHOOK_MESSAGES_RETENTION_DAYS',
    what: 'delivered or dead webhook messages',
    prune: pruneWebhookMessagesBefore,
  },
} as const satisfies Record<string, { setting: keyof Config; what: string; prune: Pruner }>;

export type RetentionKind = keyof typeof RETENTION_KINDS;
export const retentionKinds = Object.keys(RETENTION_KINDS) as RetentionKind[];
type RetentionSetting = (typeof RETENTION_KINDS)[RetentionKind]['setting'];

export interface RetentionOptions {
  /** Rows per DELETE. */
  batchSize?: number;
  /** Pause between batches. */
  pauseMs?: number;
  /** How often the background job runs. */
  intervalMs?: number;
  /** Delay before the first run, so start-up is not slowed by it. */
  firstRunMs?: number;
}

/**
 * The one background job that keeps every table within its retention setting: one timer, the
 * kinds pruned one after the other, each in small SKIP LOCKED batches (so replicas running it at
 * the same time share the work).
 */
export class RetentionJob {
  /** Once stopped, the job does not reschedule and a prune in progress ends after its batch. */
  private readonly periodic: PeriodicTask<Partial<Record<RetentionKind, number>>>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly days: Pick<Config, RetentionSetting>,
    private readonly options: RetentionOptions = {},
  ) {
    // pruneAll() logs a failing kind itself and never throws, so there is nothing else to report.
    this.periodic = new PeriodicTask(
      () => this.pruneKinds(new Date()),
      { firstMs: options.firstRunMs ?? 60_000, nextMs: () => options.intervalMs ?? 3600_000 },
      () => {},
    );
  }

  /** The instant before which rows of `kind` are deleted, as of `now`. */
  cutoff(kind: RetentionKind, now = new Date()): Date {
    return new Date(now.getTime() - this.days[RETENTION_KINDS[kind].setting] * DAY_MS);
  }

  /** Deletes the rows of one kind that are past retention now; resolves with the count. */
  prune(kind: RetentionKind, now = new Date()): Promise<number> {
    return RETENTION_KINDS[kind].prune(this.prisma, this.cutoff(kind, now), {
      batchSize: this.options.batchSize,
      pauseMs: this.options.pauseMs,
      shouldStop: () => this.periodic.stopping,
    });
  }

  /**
   * Prunes every kind, one after the other, logging what went. A kind that fails (a table locked
   * by a migration, say) is logged and left out of the counts; the others still run.
   */
  pruneAll(now = new Date()): Promise<Partial<Record<RetentionKind, number>>> {
    return this.periodic.runOnce(() => this.pruneKinds(now));
  }

  /** Runs pruneAll() in the background every intervalMs; the timer never keeps the process alive. */
  start(): void {
    this.periodic.start();
  }

  /** Stops the job; a batch in progress finishes, later batches do not run. */
  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async pruneKinds(now: Date): Promise<Partial<Record<RetentionKind, number>>> {
    const counts: Partial<Record<RetentionKind, number>> = {};
    for (const kind of retentionKinds) {
      if (this.periodic.stopping) break;
      const { setting, what } = RETENTION_KINDS[kind];
      try {
        counts[kind] = await this.prune(kind, now);
        if (counts[kind])
          this.logger.info({ deleted: counts[kind], retentionDays: this.days[setting] }, `${what} deleted`);
      } catch (error) {
        const err = error as { name?: string; code?: string };
        this.logger.warn({ error: err.name, code: err.code }, `retention run for ${what} failed; will retry`);
      }
    }
    return counts;
  }
}
