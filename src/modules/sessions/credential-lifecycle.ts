import { randomUUID } from 'node:crypto';
import type { Locale } from '../mail/locale.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Logger } from '../../shared/logger.js';
import { deleteAllClientKeys, type DeletedClientKey } from '../client-keys/client-key.service.js';
import type { Mailer } from '../mail/mailer.js';
import { resetConfirmationMail } from './lifecycle.mails.js';
import { endSessions } from './session.service.js';

type Tx = Prisma.TransactionClient;

export interface ResetOptions {
  /** Keep the client keys (and so their client access tokens) instead of deleting them. */
  keepClientKeys?: boolean;
}

/** What a password reset ended, for the confirmation mail. */
export interface ResetEffects {
  endedSessions: number;
  deletedClientKeys: DeletedClientKey[];
}

/**
 * What dies with each credential event, in one place. Every method runs inside the
 * transaction that makes the change, so the change and its evictions commit together: there is
 * no moment when the new password holds and an intruder's session still works.
 * The table in docs/sessions-and-lifecycle.md lists every credential for each event.
 */
export class CredentialLifecycle {
  constructor(
    private readonly mailer: Mailer,
    private readonly logger: Logger,
  ) {}

  /** Password change: every other session ends; the caller's session (and token) keeps working. */
  async passwordChanged(tx: Tx, userId: string, callerSessionId: string): Promise<void> {
    await endSessions(tx, userId, { keepId: callerSessionId });
  }

  /**
   * Password reset (recovery): whoever else held a credential must be out. Every session and
   * refresh token ends, the API key is replaced, and the client keys are deleted (unless the
   * owner asked to keep them), since any of them may have been made by an intruder.
   */
  async passwordReset(tx: Tx, userId: string, options: ResetOptions = {}): Promise<ResetEffects> {
    const endedSessions = await endSessions(tx, userId);
    const now = new Date();
    await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    await tx.user.update({ where: { id: userId }, data: { apiKey: randomUUID() } });
    const deletedClientKeys = options.keepClientKeys ? [] : await deleteAllClientKeys(tx, userId, now);
    return { endedSessions, deletedClientKeys };
  }

  /**
   * Tells the owner what a reset ended and which client keys to make again. Sent after the
   * commit; a mail failure is logged and does not undo a reset that already happened.
   */
  async resetConfirmed(email: string, effects: ResetEffects, locale: Locale = 'en'): Promise<void> {
    try {
      await this.mailer.send(resetConfirmationMail(email, effects.deletedClientKeys, locale));
    } catch (error) {
      const err = error as { name?: string; code?: string };
      this.logger.warn({ error: err.name, code: err.code }, 'password reset confirmation mail failed');
    }
  }

  /** 2FA turned on or off: every other session ends, since they were made under the old rule. */
  async twoFactorChanged(tx: Tx, userId: string, callerSessionId: string): Promise<void> {
    await endSessions(tx, userId, { keepId: callerSessionId });
  }

  /**
   * API key rotated: every session made from a key ends. Only one key is live at a time, so
   * every live API-key session of the user was made from the old key.
   */
  async apiKeyRotated(tx: Tx, userId: string): Promise<void> {
    await endSessions(tx, userId, { method: 'api_key' });
  }
}
