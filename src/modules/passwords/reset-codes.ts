import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import { sha256 } from '../../shared/ids.js';

/**
 * Retires the live reset codes of the account with this email and stores the new one, in one
 * statement that runs alike whether or not the account exists (for an unknown email it stores
 * no code). Returns the address to mail, as registered, or null. Times are UTC, as Prisma
 * writes them into these `timestamp(3)` columns.
 */
export async function issueResetCode(
  tx: Prisma.TransactionClient,
  emailKey: string,
  codeHash: string,
  ttlSeconds: number,
): Promise<{ email: string; locale: string } | null> {
  // Both branches must also commit a write: a commit that wrote nothing is measurably cheaper
  // (on PGlite by tens of milliseconds) than one that stored a code. So every request upserts
  // one expiring marker per email (hashed) in rate_limits, which the limiter sweep clears.
  const marker = `reset-request:${sha256(emailKey)}`;
  const rows = await tx.$queryRaw<{ email: string; locale: string }[]>`
    WITH target AS (SELECT id, email, locale FROM users WHERE email_key = ${emailKey}),
    marked AS (
      INSERT INTO rate_limits (key, points, expire)
      VALUES (${marker}, 1, (now() AT TIME ZONE 'UTC') + ${ttlSeconds}::int * interval '1 second')
      ON CONFLICT (key) DO UPDATE SET points = rate_limits.points + 1, expire = EXCLUDED.expire
    ),
    retired AS (
      UPDATE one_time_codes SET used_at = (now() AT TIME ZONE 'UTC')
      WHERE purpose = 'reset_password' AND used_at IS NULL AND user_id IN (SELECT id FROM target)
    ),
    issued AS (
      INSERT INTO one_time_codes (id, user_id, purpose, code_hash, expires_at, attempts, created_at)
      SELECT ${randomUUID()}, id, 'reset_password', ${codeHash},
             (now() AT TIME ZONE 'UTC') + ${ttlSeconds}::int * interval '1 second', 0, (now() AT TIME ZONE 'UTC')
      FROM target
      RETURNING user_id
    )
    SELECT target.email, target.locale FROM target JOIN issued ON issued.user_id = target.id`;
  return rows[0] ?? null;
}
