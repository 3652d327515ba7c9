import type { Prisma } from '../../generated/prisma/client.js';

/**
 * Holds a transaction-scoped advisory lock on one email until the transaction ends, so sign-ups
 * and verifications of that address run one at a time, on every replica (the lock lives in the
 * database) and on PGlite alike. The key is a 64-bit hash of the lower-cased email: a collision
 * only makes two addresses wait for each other, never mixes them up.
 */
export async function lockEmail(tx: Prisma.TransactionClient, emailKey: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`signup:${emailKey}`}, 0))`;
}
