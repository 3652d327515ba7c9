import { Webhook } from 'standardwebhooks';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Logger } from '../../shared/logger.js';
import { PeriodicTask } from '../../shared/periodic-task.js';
import type { SecretBox } from '../two-factor/secret-box.js';
import { postWebhook } from './http-post.js';
import { assertDeliverableUrl } from './url-guard.js';

export interface DeliveryOptions {
  maxAttempts: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  pollMs: number;
  allowPrivate: boolean;
  /** Messages claimed per round. */
  batchSize?: number;
}

interface Claimed {
  id: string;
  payload: unknown;
  attempts: number;
  endpoint_id: string;
  url: string;
  secret: string;
}

/**
 * Delivers the outbox. Each round claims due messages with `FOR UPDATE SKIP LOCKED` in one short
 * statement that also sets a lease (`lease_until`) and counts the attempt, so no transaction stays
 * open during the HTTP call and two instances never hold one message at once. A worker killed
 * mid-delivery leaves the lease to lapse; the message is then due again, with the same id (at
 * least once). Finishing an attempt is conditional on the attempt count it claimed, so a worker
 * whose lease lapsed cannot overwrite a later attempt's outcome.
 */
export class WebhookWorker {
  private readonly periodic: PeriodicTask<number>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly secrets: SecretBox,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions,
  ) {
    const batch = options.batchSize ?? 10;
    this.periodic = new PeriodicTask(
      () => this.round(),
      // A full round means more may be due: the next one starts at once.
      { firstMs: options.pollMs, nextMs: (attempted = 0) => (attempted >= batch ? 0 : options.pollMs) },
      (error) => {
        const err = error as { name?: string; code?: string };
        this.logger.warn({ error: err.name, code: err.code }, 'webhook delivery round failed; will retry');
      },
    );
  }

  /** Longer than one attempt can take (the request deadline, twice, plus a second of margin). */
  get leaseMs(): number {
    return 2 * this.options.timeoutMs + 1000;
  }

  /** The delay after `attempts` failed attempts: doubling from the base, jittered to [half, full]. */
  backoffMs(attempts: number): number {
    const full = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(full / 2 + (Math.random() * full) / 2);
  }

  /** Claims and delivers one round of due messages; resolves with how many were attempted. */
  runOnce(): Promise<number> {
    return this.periodic.runOnce();
  }

  start(): void {
    this.periodic.start();
  }

  /** Stops polling; attempts in flight finish (each bounded by the timeout). */
  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async round(): Promise<number> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const claimed = await this.prisma.$queryRaw<Claimed[]>`
      UPDATE webhook_messages AS m
      SET attempts = m.attempts + 1, lease_until = ${leaseUntil}
      FROM webhook_endpoints AS e
      WHERE e.id = m.endpoint_id AND m.id IN (
        SELECT w.id FROM webhook_messages AS w
        JOIN webhook_endpoints AS x ON x.id = w.endpoint_id AND x.enabled
        WHERE w.delivered_at IS NULL AND w.dead_at IS NULL AND w.next_attempt_at <= ${now}
          AND (w.lease_until IS NULL OR w.lease_until <= ${now})
        ORDER BY w.next_attempt_at
        LIMIT ${this.options.batchSize ?? 10}
        FOR UPDATE OF w SKIP LOCKED
      )
      RETURNING m.id, m.payload, m.attempts, e.id AS endpoint_id, e.url, e.secret`;
    await Promise.all(claimed.map((message) => this.deliver(message)));
    return claimed.length;
  }

  private async deliver(message: Claimed): Promise<void> {
    const body = typeof message.payload === 'string' ? message.payload : JSON.stringify(message.payload);
    let status: number | undefined;
    let error: string | undefined;
    try {
      const url = await assertDeliverableUrl(message.url, this.options.allowPrivate);
      const secret = this.secrets.open(message.secret, message.endpoint_id);
      const sentAt = new Date();
      const headers = {
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(message.id, sentAt, body),
      };
      ({ status, error } = await postWebhook(url, headers, body, {
        timeoutMs: this.options.timeoutMs,
        allowPrivate: this.options.allowPrivate,
      }));
    } catch (failure) {
      const err = failure as { code?: string; message?: string };
      error = err.code === 'WebhookUrlRefused' ? (err.message ?? 'URL refused') : 'could not sign the message';
    }
    await this.finish(message, status, error);
  }

  private async finish(message: Claimed, status: number | undefined, error: string | undefined): Promise<void> {
    const now = new Date();
    const claim = { id: message.id, attempts: message.attempts, deliveredAt: null };
    if (status !== undefined && status >= 200 && status < 300) {
      await this.prisma.webhookMessage.updateMany({
        where: claim,
        data: { deliveredAt: now, leaseUntil: null, lastStatus: status, lastError: null },
      });
      return;
    }
    const lastError = error ?? `HTTP ${status}`;
    const dead = message.attempts >= this.options.maxAttempts;
    await this.prisma.webhookMessage.updateMany({
      where: claim,
      data: dead
        ? { deadAt: now, leaseUntil: null, lastStatus: status ?? null, lastError }
        : {
            nextAttemptAt: new Date(now.getTime() + this.backoffMs(message.attempts)),
            leaseUntil: null,
            lastStatus: status ?? null,
            lastError,
          },
    });
    const log = { messageId: message.id, endpointId: message.endpoint_id, attempts: message.attempts, status };
    if (dead) this.logger.warn({ ...log, error: lastError }, 'webhook message dead-lettered');
    else this.logger.info({ ...log, error: lastError }, 'webhook delivery failed; will retry');
  }
}
