import { randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient, WebhookEndpoint, WebhookMessage } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import type { SecretBox } from '../two-factor/secret-box.js';
import { isWebhookEventType, type WebhookEventType } from './event-types.js';
import { assertDeliverableUrl } from './url-guard.js';

export interface EndpointWithSecret {
  id: string;
  /** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. Shown once. */
  secret: string;
}

export interface EndpointChanges {
  url?: string | null;
  eventTypes?: readonly string[] | null;
  enabled?: boolean | null;
}

/**
 * Webhook endpoints, for administrators. The signing secret is stored sealed with the data
 * encryption key (as TOTP secrets are), bound to the endpoint id: the worker needs the secret
 * itself to sign, so a hash would not do, and a database dump alone must not let anyone forge
 * events.
 */
export class WebhookEndpointService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secrets: SecretBox,
    private readonly options: { allowPrivateUrls: boolean },
  ) {}

  async create(input: { url: string; eventTypes: readonly string[] }): Promise<EndpointWithSecret> {
    const url = await this.checkedUrl(input.url);
    const eventTypes = checkedEventTypes(input.eventTypes);
    const id = `ep_${randomUUID().replaceAll('-', '')}`;
    const secret = newSecret();
    await this.prisma.webhookEndpoint.create({
      data: { id, url, eventTypes, secret: this.secrets.seal(secret, id) },
    });
    return { id, secret };
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.prisma.webhookEndpoint.findMany({ orderBy: { createdAt: 'asc' } });
  }

  async update(id: string, changes: EndpointChanges): Promise<WebhookEndpoint> {
    await this.existing(id);
    const data: { url?: string; eventTypes?: WebhookEventType[]; enabled?: boolean } = {};
    if (changes.url != null) data.url = await this.checkedUrl(changes.url);
    if (changes.eventTypes != null) data.eventTypes = checkedEventTypes(changes.eventTypes);
    if (changes.enabled != null) data.enabled = changes.enabled;
    return this.prisma.webhookEndpoint.update({ where: { id }, data });
  }

  /** Deletes the endpoint and its messages, delivered or not. */
  async delete(id: string): Promise<void> {
    const { count } = await this.prisma.webhookEndpoint.deleteMany({ where: { id } });
    if (count === 0) throw new DomainError('WebhookEndpointNotFound');
  }

  /** A new secret at once: attempts from now on are signed with it, retries of older messages too. */
  async rotateSecret(id: string): Promise<EndpointWithSecret> {
    await this.existing(id);
    const secret = newSecret();
    await this.prisma.webhookEndpoint.update({ where: { id }, data: { secret: this.secrets.seal(secret, id) } });
    return { id, secret };
  }

  /** Dead letters, newest first, of one endpoint or of all. */
  deadLetters(endpointId: string | null | undefined, first: number): Promise<WebhookMessage[]> {
    return this.prisma.webhookMessage.findMany({
      where: { deadAt: { not: null }, ...(endpointId ? { endpointId } : {}) },
      orderBy: [{ deadAt: 'desc' }, { id: 'desc' }],
      take: Math.min(Math.max(first, 1), 200),
    });
  }

  /**
   * Sends a dead (or delivered) message again: the same id and body, attempts counted afresh.
   * A pending message is refused: it is being retried already.
   */
  async replay(id: string): Promise<WebhookMessage> {
    const { count } = await this.prisma.webhookMessage.updateMany({
      where: { id, OR: [{ deadAt: { not: null } }, { deliveredAt: { not: null } }] },
      data: { deadAt: null, deliveredAt: null, attempts: 0, nextAttemptAt: new Date(), leaseUntil: null },
    });
    if (count === 0) throw new DomainError('WebhookMessageNotFound');
    return this.prisma.webhookMessage.findUniqueOrThrow({ where: { id } });
  }

  private async existing(id: string): Promise<void> {
    const found = await this.prisma.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new DomainError('WebhookEndpointNotFound');
  }

  private async checkedUrl(raw: string): Promise<string> {
    if (raw.length > 2048) throw new DomainError('WebhookUrlRefused', { message: 'The webhook URL is too long.' });
    return (await assertDeliverableUrl(raw, this.options.allowPrivateUrls)).href;
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function checkedEventTypes(types: readonly string[]): WebhookEventType[] {
  if (types.length === 0) throw new DomainError('InvalidInput', { message: 'Name at least one event type.' });
  const unknown = types.find((type) => !isWebhookEventType(type));
  if (unknown !== undefined) {
    throw new DomainError('UnknownWebhookEventType', {
      message: `Unknown webhook event type: ${unknown.slice(0, 40)}.`,
    });
  }
  return [...new Set(types as WebhookEventType[])];
}
