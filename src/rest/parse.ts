import type { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import type { RestRequest, RestRoute } from './route.js';

interface RawRequest {
  params: Record<string, string>;
  search: URLSearchParams;
  body: Record<string, unknown>;
  headers: Headers;
}

/**
 * The request as the route's schemas read it. A value of the wrong type is InvalidInput naming
 * the field, as the hand-written checks before these schemas answered; members a schema does not
 * name are dropped, so unknown body fields stay ignored.
 */
export function parseRequest(route: RestRoute, raw: RawRequest): RestRequest<never, never, never> {
  const query = Object.fromEntries([...new Set(raw.search.keys())].map((name) => [name, raw.search.get(name)]));
  return {
    params: (route.params ? parsed(route.params, raw.params, 'path') : raw.params) as never,
    query: (route.query ? parsed(route.query, query, 'query') : query) as never,
    body: (route.body ? parsed(route.body, raw.body, 'body') : raw.body) as never,
    search: raw.search,
    headers: raw.headers,
  };
}

function parsed(schema: z.ZodType, value: unknown, where: string): unknown {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new DomainError('InvalidInput', { message: issueMessage(result.error.issues[0], where) });
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** One sentence naming the field and what it must be; never echoes the value sent. */
export function issueMessage(issue: z.core.$ZodIssue | undefined, where: string): string {
  if (!issue) return 'The request is not valid.';
  const field = issue.path.length ? issue.path.map(String).join('.') : `The ${where}`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `${field} is required and must be ${article(issue.expected)}.`
        : `${field} must be ${article(issue.expected)}.`;
    case 'invalid_union': {
      const expected = [
        ...new Set(issue.errors.flat().flatMap((inner) => (inner.code === 'invalid_type' ? [inner.expected] : []))),
      ];
      const types = expected.length ? expected.map(article).join(' or ') : 'one of the documented forms';
      return issue.input === undefined ? `${field} is required and must be ${types}.` : `${field} must be ${types}.`;
    }
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map(String).join(', ')}.`;
    default:
      return `${field}: ${issue.message}`;
  }
}
