import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { WebhookEventData, WebhookEventType } from './event-types.js';

/** A Prisma client or the transaction client of `$transaction(async (tx) => …)`. */
export type OutboxWriter = PrismaClient | Prisma.TransactionClient;

/**
 * Writes one outbox row per enabled endpoint subscribed to `type`, through `tx`: called inside the
 * transaction of the change it reports, the event exists exactly when the change committed (a
 * change that fails emits nothing, and a crash after commit loses nothing). The worker delivers
 * it later. Resolves with the number of messages written.
 *
 *     await emitWebhookEvent(tx, 'user.created', { userId: user.id, email: user.email });
 */
export async function emitWebhookEvent(
  tx: OutboxWriter,
  type: WebhookEventType,
  data: WebhookEventData,
  now = new Date(),
): Promise<number> {
  // Endpoints are few (an operator's handful); reading them all keeps the filter portable.
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { enabled: true },
    select: { id: true, eventTypes: true },
  });
  const subscribed = endpoints.filter((e) => Array.isArray(e.eventTypes) && e.eventTypes.includes(type));
  if (subscribed.length === 0) return 0;
  const email =
    data.email ?? (await tx.user.findUnique({ where: { id: data.userId }, select: { email: true } }))?.email ?? null;
  const payload = { type, timestamp: now.toISOString(), data: { ...data, email } } as Prisma.InputJsonObject;
  const { count } = await tx.webhookMessage.createMany({
    data: subscribed.map((endpoint) => ({
      id: `msg_${randomUUID().replaceAll('-', '')}`,
      endpointId: endpoint.id,
      type,
      payload,
      nextAttemptAt: now,
      createdAt: now,
    })),
  });
  return count;
}
