import type { Prisma } from '../../generated/prisma/client.js';
import { newEventId } from '../../shared/ids.js';

type Tx = Prisma.TransactionClient;

/** What an administrator did to an account, as both audit trails name it. */
export type AdminAction =
  'user.disabled' | 'user.enabled' | 'user.sessions_ended' | 'user.password_reset_sent' | 'user.deleted';

/** The sentence the subject reads in their own trail. */
const DESCRIPTIONS: Record<AdminAction, string> = {
  'user.disabled': 'An administrator disabled this account.',
  'user.enabled': 'An administrator enabled this account again.',
  'user.sessions_ended': "An administrator ended this account's sessions.",
  'user.password_reset_sent': 'An administrator sent this account a password reset mail.',
  'user.deleted': 'An administrator deleted this account.',
};

export interface AdminAuditEntry {
  adminId: string;
  subjectId: string;
  action: AdminAction;
  /** The root field that ran; the only operation name these rows carry. */
  field: string;
  /** The administrator's note (disable), shown to the subject too. */
  reason?: string;
  /** Extra facts for both rows (how many sessions ended, say). */
  details?: Record<string, unknown>;
}

export interface AdminAuditOptions {
  /** The `service` of every event (SERVICE_NAME). */
  service: string;
  /** EVENTS_ENABLED=false records no audit events, these included. */
  enabled: boolean;
}

/**
 * Writes an admin action into two trails inside the transaction that made the change, so the
 * action and its record commit together: the administrator's (naming the subject, which the
 * request's own event does not) and the subject's (with a plain sentence, not naming the
 * administrator). The request itself still lands in the administrator's trail as any call does.
 */
export async function recordAdminAction(tx: Tx, options: AdminAuditOptions, entry: AdminAuditEntry): Promise<void> {
  if (!options.enabled) return;
  const now = new Date();
  const extra = { ...(entry.details ?? {}), ...(entry.reason ? { reason: entry.reason } : {}) };
  const row = (userId: string, serviceData: Record<string, unknown>) => ({
    id: newEventId(),
    userId,
    service: options.service,
    input: { operationName: entry.field },
    output: { startTime: now.toISOString(), endTime: now.toISOString(), httpStatusCode: 200, bytesOut: 0 },
    serviceData: serviceData as Prisma.InputJsonObject,
    httpStatusCode: 200,
    createdAt: now,
  });
  await tx.event.createMany({
    data: [
      row(entry.adminId, { adminAction: entry.action, subjectUserId: entry.subjectId, ...extra }),
      row(entry.subjectId, { adminAction: entry.action, description: DESCRIPTIONS[entry.action], ...extra }),
    ],
  });
}
