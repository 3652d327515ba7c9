import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import { lockEmail } from '../users/email-lock.js';

type Tx = Prisma.TransactionClient;

/** ACCOUNT_DELETION_EVENTS: what happens to a deleted account's audit events. */
export type DeletionEventsMode = 'delete' | 'anonymise';

export interface DeletedAccount {
  userId: string;
  /** The id the events now carry when anonymised; undefined when they were deleted. */
  anonymisedAs?: string;
}

/**
 * Deletes an account inside the caller's transaction: the user row, and with it (foreign keys,
 * ON DELETE CASCADE) every session, client key, refresh token, verification and reset code and
 * recovery code, so nothing that authenticated it works a moment after the commit. The email is
 * free for a new sign-up at once. Events have no foreign key (the trail outlives rows by
 * design), so they are deleted or anonymised here, per ACCOUNT_DELETION_EVENTS.
 *
 * Runs under the email's advisory lock, as sign-ups do, so a sign-up with the same address waits
 * for the deletion instead of racing it.
 */
export async function deleteAccount(
  tx: Tx,
  user: { id: string; emailKey: string },
  mode: DeletionEventsMode,
): Promise<DeletedAccount> {
  await lockEmail(tx, user.emailKey);
  // Webhooks (issue 13): the `user.deleted` outbox row belongs here, in this transaction, before
  // the row it describes is gone.
  let anonymisedAs: string | undefined;
  if (mode === 'delete') {
    await tx.event.deleteMany({ where: { userId: user.id } });
  } else {
    // One random id per deleted account: its events still read as one history, tied to no one.
    // A path may name the account (`/users/{id or email}/token/:token`): those segments go too.
    anonymisedAs = `deleted-${randomUUID()}`;
    await tx.$executeRaw`
      UPDATE events SET user_id = ${anonymisedAs},
        input = CASE WHEN input->>'path' IS NULL THEN input - 'clientKeyId'
          ELSE jsonb_set(input - 'clientKeyId', '{path}', to_jsonb(regexp_replace(
            replace(input->>'path', ${user.id}, ':userId'), '/[^/]*(@|%40)[^/]*', '/:email', 'gi')))
          END
      WHERE user_id = ${user.id}`;
  }
  await tx.user.delete({ where: { id: user.id } });
  return { userId: user.id, anonymisedAs };
}
