import { RateLimiterPrisma, type RateLimiterRes } from 'rate-limiter-flexible';
import type { PrismaClient } from '../../generated/prisma/client.js';

/**
 * Counters live in the `rate_limits` table (model RateLimiterFlexible, the name and columns
 * rate-limiter-flexible's Prisma store expects), so every replica on one database shares them.
 * The store increments with one `INSERT ... ON CONFLICT DO UPDATE` (Prisma's native upsert), so
 * concurrent requests on several replicas are all counted; checked on PGlite and PostgreSQL.
 */
export interface LimiterOptions {
  /** Namespaces the keys of one limiter in the shared table. */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

/** A fixed-window counter: it resets `duration` seconds after its first point. */
export function fixedWindowLimiter(prisma: PrismaClient, options: LimiterOptions): RateLimiterPrisma {
  // No per-limiter sweep timer: AbuseProtection sweeps the one table, and a timer per limiter
  // would outlive its app (and query a closed database) when tests build many apps.
  return new RateLimiterPrisma({ storeClient: prisma, clearExpiredByTimeout: false, ...options });
}

/**
 * A counter that resets only after `duration` seconds in which nothing was counted ("quiet"):
 * every point pushes the expiry out again, so a steady trickle of failures never wipes its own
 * record. rate-limiter-flexible sends consume/penalty/reward (forceExpire false) and set/block
 * (forceExpire true) through `_upsert`; only the expiry of an increment differs from the
 * library's Prisma store, the counting stays the library's.
 */
export class QuietWindowLimiter extends RateLimiterPrisma {
  constructor(
    private readonly prisma: PrismaClient,
    options: LimiterOptions,
  ) {
    super({ storeClient: prisma, clearExpiredByTimeout: false, ...options });
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false) {
    const table = this.prisma.rateLimiterFlexible;
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    if (forceExpire) {
      return table.upsert({ where: { key }, create: { key, points, expire }, update: { points, expire } });
    }
    // An expired row starts a new count; a live one is incremented in the database.
    await table.deleteMany({ where: { key, expire: { lte: now } } });
    const update = { points: { increment: points }, expire };
    return table.upsert({ where: { key }, create: { key, points, expire }, update });
  }
}

/** Seconds until a refused key may try again, rounded up, at least 1 (the Retry-After value). */
export const secondsUntil = (res: Pick<RateLimiterRes, 'msBeforeNext'>) =>
  Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when the store fails. */
export async function consumeOrRefusal(limiter: RateLimiterPrisma, key: string): Promise<RateLimiterRes | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (error) {
    if (error instanceof Error) throw error;
    return error as RateLimiterRes;
  }
}
