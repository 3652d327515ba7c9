import { builder } from '../../graphql/builder.js';
import type { FieldPolicy } from '../../graphql/policy/field-policy.js';
import { WEBHOOK_EVENT_TYPES } from './event-types.js';

/** Every webhook field: administrators only, signed in with a password (not an API-key session). */
const ADMIN: FieldPolicy = { caller: 'admin', strength: 'password', limit: null, guess: false, audit: 'caller' };

builder.prismaObject('WebhookEndpoint', {
  description: 'Where webhook events are POSTed (docs/webhooks.md). The secret is never shown again.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    eventTypes: t.stringList({
      description: 'The event types sent to this endpoint.',
      resolve: (endpoint) => (Array.isArray(endpoint.eventTypes) ? (endpoint.eventTypes as string[]) : []),
    }),
    enabled: t.exposeBoolean('enabled', { description: 'false: nothing is queued for it or sent to it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('WebhookMessage', {
  description: 'One event for one endpoint; `id` is the `webhook-id` header, the same on every attempt.',
  fields: (t) => ({
    id: t.exposeID('id'),
    endpointId: t.exposeID('endpointId'),
    type: t.exposeString('type'),
    payload: t.field({
      type: 'JSONObject',
      description: 'The body sent: `{type, timestamp, data}`.',
      resolve: (message) => message.payload as Record<string, unknown>,
    }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    deadAt: t.expose('deadAt', { type: 'DateTime', nullable: true }),
    lastStatus: t.exposeInt('lastStatus', { nullable: true, description: "The last attempt's HTTP status." }),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const WebhookSecret = builder.simpleObject('WebhookSecret', {
  fields: (t) => ({
    id: t.id({ description: 'The endpoint id.' }),
    secret: t.string({
      description: '`whsec_…`, the Standard Webhooks signing secret. Shown this once: store it now.',
    }),
  }),
});

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s); private and loopback addresses are refused.' }),
    eventTypes: t.stringList({ required: true, description: `Any of: ${WEBHOOK_EVENT_TYPES.join(', ')}.` }),
  }),
});

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    url: t.string({ required: false }),
    eventTypes: t.stringList({ required: false }),
    enabled: t.boolean({ required: false }),
  }),
});

builder.queryField('webhookEndpoints', (t) =>
  t.prismaField({
    type: ['WebhookEndpoint'],
    description: 'Every webhook endpoint, oldest first. Administrators only.',
    policy: ADMIN,
    resolve: (_query, _root, _args, ctx) => ctx.services.webhookEndpoints.list(),
  }),
);

builder.queryField('webhookDeadLetters', (t) =>
  t.prismaField({
    type: ['WebhookMessage'],
    description: 'Dead-lettered webhook messages, newest first (at most 200). Administrators only.',
    args: { endpointId: t.arg.id({ required: false }), first: t.arg.int({ required: false, defaultValue: 50 }) },
    policy: ADMIN,
    resolve: (_query, _root, args, ctx) =>
      ctx.services.webhookEndpoints.deadLetters(
        args.endpointId === null ? null : String(args.endpointId ?? ''),
        args.first ?? 50,
      ),
  }),
);

builder.mutationField('createWebhookEndpoint', (t) =>
  t.field({
    type: WebhookSecret,
    description:
      'Adds a webhook endpoint and returns its signing secret, once. Administrators only. Errors: WebhookUrlRefused, UnknownWebhookEventType, InvalidInput.',
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true }) },
    policy: ADMIN,
    resolve: (_root, { input }, ctx) => ctx.services.webhookEndpoints.create(input),
  }),
);

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.prismaField({
    type: 'WebhookEndpoint',
    description:
      'Changes an endpoint. Administrators only. Errors: WebhookEndpointNotFound, WebhookUrlRefused, UnknownWebhookEventType.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWebhookEndpointInput, required: true }) },
    policy: ADMIN,
    resolve: (_query, _root, { id, input }, ctx) => ctx.services.webhookEndpoints.update(String(id), input),
  }),
);

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.boolean({
    description: 'Deletes an endpoint and its messages. Administrators only. Errors: WebhookEndpointNotFound.',
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.webhookEndpoints.delete(String(id));
      return true;
    },
  }),
);

builder.mutationField('rotateWebhookSecret', (t) =>
  t.field({
    type: WebhookSecret,
    description:
      'Replaces the signing secret at once and returns the new one, once. Administrators only. Errors: WebhookEndpointNotFound.',
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: (_root, { id }, ctx) => ctx.services.webhookEndpoints.rotateSecret(String(id)),
  }),
);

builder.mutationField('replayWebhookMessage', (t) =>
  t.prismaField({
    type: 'WebhookMessage',
    description:
      'Sends a dead (or delivered) message again, with the same id and body. Administrators only. Errors: WebhookMessageNotFound.',
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: (_query, _root, { id }, ctx) => ctx.services.webhookEndpoints.replay(String(id)),
  }),
);
