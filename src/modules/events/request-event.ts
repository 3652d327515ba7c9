import type { RequestContext } from '../../graphql/context.js';
import { knownBodySize } from '../../http/responses.js';
import { newEventId } from '../../shared/ids.js';
import type { AuditEvent } from './event-recorder.js';

/** What the outermost HTTP layer knows about one request when its response is ready. */
export interface RequestFacts {
  /** The method the client used (a GET with a body reaches the app as a POST). */
  method: string;
  /** The URL path, without the query string. */
  path: string;
  startTime: Date;
  context: RequestContext;
}

/**
 * Turns one answered request into one audit event, if it was made as (or aimed at) a user.
 * A body of unknown size (GraphQL's own answers) is passed through a counter and the event is
 * handed to `record` once its last byte has gone out (or the client went away), so `bytesOut`
 * is what was really sent and the response is never held back. Requests no user is behind are
 * returned untouched.
 */
export function recordResponse(
  response: Response,
  facts: RequestFacts,
  service: string,
  record: (event: AuditEvent) => void,
): Response {
  const { userId, clientKeyId } = facts.context.attribution;
  if (!userId) return response;
  const done = (bytesOut: number) => {
    const end = new Date();
    record({
      id: newEventId(),
      userId,
      service,
      input: eventInput(facts, clientKeyId),
      output: {
        startTime: facts.startTime.toISOString(),
        endTime: end.toISOString(),
        httpStatusCode: response.status,
        bytesOut,
      },
      serviceData: {},
      createdAt: end,
    });
  };
  // A body built whole in memory (every REST answer) has a known size and goes out at once:
  // record it now rather than pass it through a byte counter.
  const size = facts.method === 'HEAD' || response.body === null ? 0 : knownBodySize(response);
  if (size !== undefined) {
    done(size);
    return response;
  }
  return countBody(response, done);
}

const MAX_NAMES = 10;
const MAX_NAME_LENGTH = 100;

function eventInput(facts: RequestFacts, clientKeyId: string | undefined): Record<string, unknown> {
  const input: Record<string, unknown> = {
    method: facts.method,
    path: auditPath(facts.path, facts.context.route),
  };
  const names = facts.context.operationNames.slice(0, MAX_NAMES).map((name) => name.slice(0, MAX_NAME_LENGTH));
  if (names.length === 1) input.operationName = names[0];
  else if (names.length > 1) input.operationNames = names;
  if (clientKeyId) input.clientKeyId = clientKeyId;
  return input;
}

// Route parameters that carry a credential (a verification token, a reset code, an API key).
const SECRET_PARAM = /token|secret|code|password|key|otp|twofa/i;
// Path segments that look like a credential on a path no route matched: a JWS, or a long run
// of hex or base64url characters (UUID-style tokens included).
const SECRET_SEGMENT = /^(?!(?:user|event)-)(?:[\w-]+\.[\w-]+\.[\w-]+|[0-9a-f-]{20,}|[\w-]{32,})$/i;
const MAX_PATH_LENGTH = 512;

/**
 * The path as recorded: a route parameter whose name says it is a credential is kept as its
 * placeholder (`/users/u/token/:token`), and on an unmatched path any segment that looks like
 * a credential becomes `:redacted`. Other segments (ids, emails) stay, for the owner to read.
 */
export function auditPath(path: string, template?: string): string {
  const segments = path.split('/');
  const templateSegments = template?.split('/');
  const redacted = segments.map((segment, i) => {
    const placeholder = templateSegments?.[i];
    if (placeholder?.startsWith(':')) return SECRET_PARAM.test(placeholder) ? placeholder : segment;
    if (templateSegments) return segment;
    return SECRET_SEGMENT.test(segment) ? ':redacted' : segment;
  });
  return redacted.join('/').slice(0, MAX_PATH_LENGTH);
}

/**
 * The same response with its body passed through a byte counter. `done` runs exactly once: when
 * the body has been read to its end, fails, or is cancelled (with the bytes sent so far).
 */
export function countBody(response: Response, done: (bytes: number) => void): Response {
  const source = response.body;
  if (!source) {
    done(0);
    return response;
  }
  const reader = source.getReader();
  let bytes = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done(bytes);
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          finish();
          controller.close();
          return;
        }
        bytes += value.byteLength;
        controller.enqueue(value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
