import type { Event } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { DEFAULT_PAGE_SIZE, encodeCursor, eventOutput, MAX_PAGE_SIZE } from './event.service.js';

const EventOutput = builder.simpleObject('EventOutput', {
  description: 'How the recorded request went.',
  fields: (t) => ({
    startTime: t.field({ type: 'DateTime', description: 'When the request arrived.' }),
    endTime: t.field({
      type: 'DateTime',
      description: 'When the response body was complete: built (REST) or its last byte sent (GraphQL).',
    }),
    httpStatusCode: t.int(),
    bytesOut: t.int({ description: 'Size of the response body sent, in bytes.' }),
  }),
});

export const EventRef = builder.prismaObject('Event', {
  description: 'One API call made with your credentials (the audit trail).',
  fields: (t) => ({
    id: t.exposeID('id', { description: '`event-` followed by a UUID v4.' }),
    service: t.exposeString('service'),
    user: t.exposeString('userId', { description: 'The user id the call was made as.' }),
    input: t.field({
      type: 'JSONObject',
      description: 'method, path, operationName and clientKeyId (when a client key was used); never bodies or secrets.',
      resolve: (event) => event.input as Record<string, unknown>,
    }),
    output: t.field({ type: EventOutput, resolve: (event) => eventOutput(event.output) }),
    serviceData: t.field({ type: 'JSONObject', resolve: (event) => event.serviceData as Record<string, unknown> }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the call ended; events are ordered by it.',
    }),
  }),
});

/** Relay's PageInfo. Paging is forward only, so hasPreviousPage is always false. */
export const PageInfo = builder.simpleObject('PageInfo', {
  description: 'Where a page sits (Relay). Paging is forward only: hasPreviousPage is always false.',
  fields: (t) => ({
    hasNextPage: t.boolean(),
    hasPreviousPage: t.boolean(),
    startCursor: t.string({ nullable: true }),
    endCursor: t.string({ nullable: true }),
  }),
});

const EventEdge = builder.objectRef<Event>('EventEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (event) => encodeCursor(event) }),
    node: t.field({ type: EventRef, resolve: (event) => event }),
  }),
});

interface EventConnectionShape {
  events: Event[];
  hasNextPage: boolean;
}

const EventConnection = builder.objectRef<EventConnectionShape>('EventConnection').implement({
  description: 'A page of events, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [EventEdge], resolve: (page) => page.events }),
    pageInfo: t.field({
      type: PageInfo,
      resolve: ({ events, hasNextPage }) => ({
        hasNextPage,
        hasPreviousPage: false,
        startCursor: events[0] ? encodeCursor(events[0]) : null,
        endCursor: events.at(-1) ? encodeCursor(events.at(-1)!) : null,
      }),
    }),
  }),
});

builder.queryField('events', (t) =>
  t.field({
    type: EventConnection,
    description: `Your audit trail, newest first, ${DEFAULT_PAGE_SIZE} per page by default (at most ${MAX_PAGE_SIZE}). Pass pageInfo.endCursor as \`after\` for the next page; pages stay consistent while new events arrive. Errors: Unauthenticated, InvalidToken, TokenExpired, InvalidInput.`,
    args: {
      first: t.arg.int({ required: false, description: `1..${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.` }),
      after: t.arg.string({ required: false, description: 'An endCursor from an earlier page.' }),
      service: t.arg.string({ required: false }),
      since: t.arg({ type: 'DateTime', required: false, description: 'Calls that ended at or after this instant.' }),
      until: t.arg({ type: 'DateTime', required: false, description: 'Calls that ended before this instant.' }),
      status: t.arg.int({ required: false, description: 'Only calls answered with this HTTP status.' }),
    },
    policy: { caller: 'account', strength: 'any', limit: null, guess: false, audit: 'caller' },
    resolve: (_root, args, ctx) =>
      ctx.services.events.page(ctx.credentials.viewer.user.id, {
        limit: args.first,
        after: args.after,
        service: args.service,
        since: args.since,
        until: args.until,
        httpStatusCode: args.status,
      }),
  }),
);
