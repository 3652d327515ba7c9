import type { PrismaClient } from '../../generated/prisma/client.js';

export interface PruneOptions {
  /** Rows per DELETE; small, so each statement holds its row locks only briefly. */
  batchSize?: number;
  /** Pause between batches, leaving room for the inserts and reads of live traffic. */
  pauseMs?: number;
  /** Checked between batches: stop early (at shutdown). */
  shouldStop?: () => boolean;
}

/** Deletes the rows of one kind that stopped mattering before `cutoff`; resolves with the count. */
export type Pruner = (prisma: PrismaClient, cutoff: Date, options?: PruneOptions) => Promise<number>;

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
export const pruneEventsBefore: Pruner = (prisma, cutoff, options = {}) =>
  pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM events WHERE id IN (
        SELECT id FROM events WHERE created_at < ${cutoff}
        ORDER BY created_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );

/** Deletes sessions that ended or expired before `cutoff`: such a session can never be used again. */
export const pruneSessionsBefore: Pruner = (prisma, cutoff, options = {}) =>
  pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM sessions WHERE id IN (
        SELECT id FROM sessions WHERE expires_at < ${cutoff} OR ended_at < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );

/**
 * Deletes refresh tokens that expired or were revoked before `cutoff`. A token that was only
 * rotated stays until it expires: presenting it again is how reuse is detected (its family is
 * revoked), and after expiry it is refused anyway.
 */
export const pruneRefreshTokensBefore: Pruner = (prisma, cutoff, options = {}) =>
  pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM refresh_tokens WHERE id IN (
        SELECT id FROM refresh_tokens WHERE expires_at < ${cutoff} OR revoked_at < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );

/** Deletes verification and reset codes used or expired before `cutoff`: none can work again. */
export const pruneOneTimeCodesBefore: Pruner = (prisma, cutoff, options = {}) =>
  pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM one_time_codes WHERE id IN (
        SELECT id FROM one_time_codes WHERE used_at < ${cutoff} OR expires_at < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );

/**
 * Deletes accounts never verified and created before `cutoff` (their codes, sessions and keys go
 * with them by the foreign keys' cascade). A verified account is never touched: the condition is
 * checked again on the locked row, so a verification that commits first keeps the account.
 * Administrators are kept too: the role is granted from a shell, on purpose.
 */
export const pruneUnverifiedAccountsBefore: Pruner = (prisma, cutoff, options = {}) =>
  pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM users WHERE verified_at IS NULL AND NOT is_admin AND id IN (
        SELECT id FROM users WHERE verified_at IS NULL AND NOT is_admin AND created_at < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );

/** Deletes rate-limit and lockout counters that expired before `cutoff` (rate-limiter-flexible's table). */
export const pruneRateLimitsBefore: Pruner = (prisma, cutoff, options = {}) =>
  pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM rate_limits WHERE key IN (
        SELECT key FROM rate_limits WHERE expire < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );

/**
 * Deletes webhook messages delivered, or dead-lettered, before `cutoff`. Pending ones always stay;
 * a dead letter can be replayed until then.
 */
export const pruneWebhookMessagesBefore: Pruner = (prisma, cutoff, options = {}) =>
  pruneInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM webhook_messages WHERE id IN (
        SELECT id FROM webhook_messages WHERE delivered_at < ${cutoff} OR dead_at < ${cutoff}
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )`,
    options,
  );
