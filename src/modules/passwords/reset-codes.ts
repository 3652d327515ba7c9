import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';

/**
 * Retires the live reset codes of the account with this email and stores the new one, in one
 * statement that runs alike whether or not the account exists (for an unknown email it touches
 * no rows). Returns the address to mail, as registered, or null. Times are UTC, as Prisma
 * writes them into these `timestamp(3)` columns.
 */
export async function issueResetCode(
  tx: Prisma.TransactionClient,
  emailKey: string,
  codeHash: string,
  ttlSeconds: number,
): Promise<string | null> {
  const rows = await tx.$queryRaw<{ email: string }[]>`
    WITH target AS (SELECT id, email FROM users WHERE email_key = ${emailKey}),
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
    SELECT target.email FROM target JOIN issued ON issued.user_id = target.id`;
  return rows[0]?.email ?? null;
}
