/** Every event a webhook endpoint can subscribe to (docs/webhooks.md describes each payload). */
export const WEBHOOK_EVENT_TYPES = [
  'user.created',
  'user.verified',
  'user.disabled',
  'user.deleted',
  'password.changed',
  'password.reset',
  'twofa.enabled',
  'twofa.disabled',
  'client_key.created',
  'client_key.deleted',
  'session.ended',
  'login.locked_out',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * What every event says: the user it is about, by id and email, plus a few details of its kind.
 * The email may be left out by the caller: the outbox reads it in the same transaction.
 */
export interface WebhookEventData {
  userId: string;
  email?: string;
  [detail: string]: string | number | boolean | null | undefined;
}
