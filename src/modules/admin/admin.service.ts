import type { Prisma, PrismaClient, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { deleteAccount, settleLateEvents, type DeletionEventsMode } from '../account-data/account-deletion.js';
import type { PasswordService } from '../passwords/password.service.js';
import { endSessions } from '../sessions/session.service.js';
import { emitWebhookEvent } from '../webhooks/outbox.js';
import { recordAdminAction, type AdminAction, type AdminAuditOptions } from './admin-audit.js';

type Tx = Prisma.TransactionClient;

export const REASON_MAX_LENGTH = 500;

export interface AdminServiceOptions extends AdminAuditOptions {
  deletionEvents: DeletionEventsMode;
}

/** The administrator making a call (an account whose `isAdmin` the field policy checked). */
export type Admin = Pick<User, 'id'>;

/**
 * What administrators do to accounts. Each action and its record in both audit trails commit in
 * one transaction (admin-audit.ts). An administrator may not disable or delete their own account
 * here, so nobody locks out the last administrator by a slip; `npm run admin:revoke` and another
 * administrator remain.
 */
export class AdminService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly passwords: Pick<PasswordService, 'requestReset'>,
    private readonly events: { flush(): Promise<void> },
    private readonly options: AdminServiceOptions,
  ) {}

  /**
   * Disables an account: from the commit on, it signs in no way (password, API key, reset) and
   * every session ends and every refresh token is revoked, in this transaction. Its client keys
   * stay but get no grant and their tokens introspect inactive while it is disabled.
   * Disabling a disabled account changes nothing and records nothing.
   */
  async disable(admin: Admin, id: string, reason?: string | null): Promise<User> {
    notSelf(admin, id);
    const note = reason?.trim() || undefined;
    if (note && note.length > REASON_MAX_LENGTH) {
      throw new DomainError('InvalidInput', { message: `reason is at most ${REASON_MAX_LENGTH} characters.` });
    }
    return this.prisma.$transaction(async (tx) => {
      const user = await lockUser(tx, id);
      if (user.disabledAt) return user;
      const now = new Date();
      const disabled = await tx.user.update({ where: { id }, data: { disabledAt: now } });
      await endSessions(tx, id);
      await tx.refreshToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
      await emitWebhookEvent(tx, 'user.disabled', { userId: id, email: user.email });
      await this.audit(tx, admin, id, 'user.disabled', 'adminDisableUser', { reason: note });
      return disabled;
    });
  }

  /** Enables a disabled account. Sessions and refresh tokens ended by the disable stay ended. */
  async enable(admin: Admin, id: string): Promise<User> {
    return this.prisma.$transaction(async (tx) => {
      const user = await lockUser(tx, id);
      if (!user.disabledAt) return user;
      const enabled = await tx.user.update({ where: { id }, data: { disabledAt: null } });
      await this.audit(tx, admin, id, 'user.enabled', 'adminEnableUser');
      return enabled;
    });
  }

  /** Ends every live session of the account; returns how many ended. */
  async endSessions(admin: Admin, id: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      await lockUser(tx, id);
      const ended = await endSessions(tx, id);
      await this.audit(tx, admin, id, 'user.sessions_ended', 'adminEndUserSessions', { details: { ended } });
      return ended;
    });
  }

  /**
   * Mails the account a reset code, exactly as the public reset request does. A disabled account
   * could not use it (a reset is refused with AccountDisabled), so it is refused here too.
   */
  async sendPasswordReset(admin: Admin, id: string): Promise<void> {
    const user = await this.prisma.user.findUnique({ where: { id } });
    if (!user) throw new DomainError('UserNotFound');
    if (user.disabledAt) throw new DomainError('AccountDisabled');
    await this.passwords.requestReset(user.email);
    await this.prisma.$transaction((tx) =>
      this.audit(tx, admin, id, 'user.password_reset_sent', 'adminSendPasswordReset'),
    );
  }

  /**
   * Deletes the account and everything that authenticates it (account-deletion.ts); its audit
   * events go per ACCOUNT_DELETION_EVENTS. The administrator's trail keeps the subject's id.
   */
  async delete(admin: Admin, id: string): Promise<void> {
    notSelf(admin, id);
    const deleted = await this.prisma.$transaction(async (tx) => {
      const user = await lockUser(tx, id);
      // Written first, so an anonymised trail also says who ended it; `delete` removes it again.
      await this.audit(tx, admin, id, 'user.deleted', 'adminDeleteUser');
      return deleteAccount(tx, user, this.options.deletionEvents);
    });
    await settleLateEvents(this.prisma, this.events, deleted);
  }

  private audit(
    tx: Tx,
    admin: Admin,
    subjectId: string,
    action: AdminAction,
    field: string,
    extra: { reason?: string; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    return recordAdminAction(tx, this.options, { adminId: admin.id, subjectId, action, field, ...extra });
  }
}

function notSelf(admin: Admin, id: string): void {
  if (admin.id === id) throw new DomainError('AdminSelfAction');
}

/** The account, its row locked until the transaction ends, so two admin actions on it queue. */
async function lockUser(tx: Tx, id: string): Promise<User> {
  if (id.length > 64) throw new DomainError('UserNotFound');
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${id} FOR UPDATE`;
  if (!locked.length) throw new DomainError('UserNotFound');
  return tx.user.findUniqueOrThrow({ where: { id } });
}
