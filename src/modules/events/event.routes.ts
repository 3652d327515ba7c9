import type { RestRoute } from '../../rest/route.js';
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

/** An event in the Bloq document's key order. */
export function bloqEvent(event: EventNode) {
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

export const eventRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/users/me/events',
    document: `query Events($first: Int, $after: String, $service: String, $since: DateTime, $until: DateTime) {
      events(first: $first, after: $after, service: $service, since: $since, until: $until) {
        edges { node { id service user input output { startTime endTime httpStatusCode bytesOut } serviceData createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    variables: ({ query }) => ({
      first: firstParam(query),
      after: afterParam(query),
      service: serviceParam(query),
      since: instantParam(query, 'since'),
      until: instantParam(query, 'until'),
    }),
    reply: (data) => (data.events as { edges: { node: EventNode }[] }).edges.map(({ node }) => bloqEvent(node)),
    replyHeaders: (data, { query }) => nextPageHeaders(data, query),
  },
];
