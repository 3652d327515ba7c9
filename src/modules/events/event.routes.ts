import { z } from 'zod';
import { defineRoute, type RestRoute } from '../../rest/route.js';
import { dateTime } from '../../rest/schemas.js';
import { DomainError } from '../../shared/errors.js';
import { isStorableInstant, MAX_PAGE_SIZE, type EventOutput } from './event.service.js';

interface EventNode {
  id: string;
  service: string;
  user: string;
  input: Record<string, unknown>;
  output: EventOutput;
  serviceData: Record<string, unknown>;
  createdAt: string;
}

export const bloqEventSchema = z.object({
  service: z.string(),
  output: z.object({
    startTime: z.string(),
    endTime: z.string(),
    httpStatusCode: z.number().int(),
    bytesOut: z.number().int(),
  }),
  serviceData: z.record(z.string(), z.unknown()),
  user: z.string(),
  input: z.record(z.string(), z.unknown()),
  createdAt: dateTime(),
  id: z.string(),
});

/** An event in the Bloq document's key order. */
export function bloqEvent(event: EventNode): z.input<typeof bloqEventSchema> {
  return {
    service: event.service,
    output: {
      startTime: event.output.startTime,
      endTime: event.output.endTime,
      httpStatusCode: event.output.httpStatusCode,
      bytesOut: event.output.bytesOut,
    },
    serviceData: event.serviceData,
    user: event.user,
    input: event.input,
    createdAt: event.createdAt,
    id: event.id,
  };
}

function pageSizeParam(query: URLSearchParams, name: 'limit' | 'first'): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const size = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(size >= 1 && size <= MAX_PAGE_SIZE)) {
    throw new DomainError('InvalidInput', { message: `${name} must be an integer from 1 to ${MAX_PAGE_SIZE}.` });
  }
  return size;
}

/** `first` (GraphQL's name) or `limit` (the Bloq name): the same page size, given once. */
function firstParam(query: URLSearchParams): number | undefined {
  const first = pageSizeParam(query, 'first');
  const limit = pageSizeParam(query, 'limit');
  if (first !== undefined && limit !== undefined) {
    throw new DomainError('InvalidInput', { message: 'Give the page size as first or as limit, not both.' });
  }
  return first ?? limit;
}

function afterParam(query: URLSearchParams): string | undefined {
  const raw = query.get('after');
  if (raw === null) return undefined;
  // The service refuses any cursor it did not hand out; an empty one is refused here, not read as none.
  if (raw === '') throw new DomainError('InvalidInput', { message: 'after must be a cursor this API handed out.' });
  return raw;
}

/** Cursor paging is asked for by `first` or `after`; without them the answer is as it always was. */
const isPaging = (query: URLSearchParams) => query.has('first') || query.has('after');

/**
 * The next page, when there is one, as RFC 8288 `Link: <…>; rel="next"` (a relative reference
 * keeping every other parameter) and as the bare cursor in `X-Next-Cursor`.
 */
function nextPageHeaders(data: Record<string, unknown>, query: URLSearchParams): Record<string, string> {
  const { pageInfo } = data.events as { pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  if (!isPaging(query) || !pageInfo.hasNextPage || !pageInfo.endCursor) return {};
  const next = new URLSearchParams(query);
  next.set('after', pageInfo.endCursor);
  return { link: `</users/me/events?${next.toString()}>; rel="next"`, 'x-next-cursor': pageInfo.endCursor };
}

// A calendar date, or a date-time with optional seconds, fraction and offset (UTC when none).
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

function instantParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const invalid = () =>
    new DomainError('InvalidInput', {
      message: `${name} must be an ISO 8601 date or date-time from year 1 to 9999, such as 2020-04-24T20:01:55.634Z.`,
    });
  if (!ISO_8601.test(raw)) throw invalid();
  const utc = raw.length === 10 || /(?:Z|[+-]\d{2}:?\d{2})$/i.test(raw.slice(10)) ? raw : `${raw}Z`;
  const date = new Date(utc.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (!isStorableInstant(date)) throw invalid();
  return date.toISOString();
}

function serviceParam(query: URLSearchParams): string | undefined {
  const raw = query.get('service');
  if (raw === null) return undefined;
  if (!raw || raw.length > 100) {
    throw new DomainError('InvalidInput', { message: 'service must be a service name of 1 to 100 characters.' });
  }
  return raw;
}

const pageSize = z
  .string()
  .optional()
  .meta({ description: `An integer from 1 to ${MAX_PAGE_SIZE}.` });
const instant = (what: string) =>
  z
    .string()
    .optional()
    .meta({ description: `${what}: an ISO 8601 date or date-time (UTC when no offset is given).` });

export const eventRoutes: RestRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/users/me/events',
    tag: 'Bloq',
    summary: 'Your audit events, newest first',
    description:
      'Without first or after the answer is the plain array it always was (limit caps it). With first or after, ' +
      'a further page is announced in the Link (rel="next") and X-Next-Cursor headers.',
    auth: 'bearer',
    document: `query Events($first: Int, $after: String, $service: String, $since: DateTime, $until: DateTime) {
      events(first: $first, after: $after, service: $service, since: $since, until: $until) {
        edges { node { id service user input output { startTime endTime httpStatusCode bytesOut } serviceData createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    query: z.object({
      first: pageSize,
      limit: pageSize.meta({
        description: `The page size under its Bloq name (not with first); 1 to ${MAX_PAGE_SIZE}.`,
      }),
      after: z.string().optional().meta({ description: 'The cursor of the previous page (X-Next-Cursor).' }),
      service: z.string().optional().meta({ description: 'Only events of this service (1 to 100 characters).' }),
      since: instant('Only events from this instant on'),
      until: instant('Only events before this instant'),
    }),
    example: { query: { limit: '10' } },
    // The schema documents the parameters; these helpers give each its precise refusal.
    variables: ({ search }) => ({
      first: firstParam(search),
      after: afterParam(search),
      service: serviceParam(search),
      since: instantParam(search, 'since'),
      until: instantParam(search, 'until'),
    }),
    replySchema: z.array(bloqEventSchema),
    reply: (data) => (data.events as { edges: { node: EventNode }[] }).edges.map(({ node }) => bloqEvent(node)),
    replyHeaders: (data, search) => nextPageHeaders(data, search),
    replyHeaderDocs: {
      link: 'RFC 8288 `<…>; rel="next"` to the next page, when paging with first or after and there is one.',
      'x-next-cursor': 'The cursor of the next page (pass it as after).',
    },
  }),
];
