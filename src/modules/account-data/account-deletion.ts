import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { emitWebhookEvent } from '../webhooks/outbox.js';
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
  user: { id: string; email: string; emailKey: string },
  mode: DeletionEventsMode,
): Promise<DeletedAccount> {
  await lockEmail(tx, user.emailKey);
  // In this transaction, before the row it describes is gone: the event exists exactly when the
  // deletion committed, and still names the address.
  await emitWebhookEvent(tx, 'user.deleted', { userId: user.id, email: user.email });
  const anonymisedAs = mode === 'anonymise' ? `deleted-${randomUUID()}` : undefined;
  await settleEvents(tx, user.id, anonymisedAs);
  await tx.user.delete({ where: { id: user.id } });
  return { userId: user.id, anonymisedAs };
}

/**
 * Deletes the account's events, or moves them to `anonymisedAs` (one random id per deleted
 * account: its events still read as one history, tied to no one). A path may name the account
 * (`/users/{id or email}/token/:token`): those segments go too.
 */
async function settleEvents(db: Tx | PrismaClient, userId: string, anonymisedAs: string | undefined): Promise<void> {
  if (!anonymisedAs) {
    await db.event.deleteMany({ where: { userId } });
    return;
  }
  await db.$executeRaw`
    UPDATE events SET user_id = ${anonymisedAs},
      input = CASE WHEN input->>'path' IS NULL THEN input - 'clientKeyId'
        ELSE jsonb_set(input - 'clientKeyId', '{path}', to_jsonb(regexp_replace(
          replace(input->>'path', ${userId}, ':userId'), '/[^/]*(@|%40)[^/]*', '/:email', 'gi')))
        END
    WHERE user_id = ${userId}`;
}

/**
 * Events are written in batches after their requests, so some of the account's may still wait in
 * memory when it is deleted: the caller flushes them after the commit and settles them here too.
 */
export async function settleLateEvents(
  prisma: PrismaClient,
  events: { flush(): Promise<void> },
  deleted: DeletedAccount,
): Promise<void> {
  await events.flush();
  await settleEvents(prisma, deleted.userId, deleted.anonymisedAs);
}
