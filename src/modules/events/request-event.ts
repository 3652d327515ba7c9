import type { RequestContext } from '../../graphql/context.js';
import { knownBodySize, Response } from '../../http/responses.js';
import { newEventId } from '../../shared/ids.js';
import type { AuditEvent } from './event-recorder.js';

/** What the outermost HTTP layer knows about one request when its response is ready. */
export interface RequestFacts {
  /** The method the client used (a GET with a body reaches the app as a POST). */
  method: string;
  /** The URL path without the query string, secrets already redacted (redactedPath). */
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
  const { userId, clientKeyId, subjectField } = facts.context.attribution;
  if (!userId) return response;
  const done = (bytesOut: number) => {
    const end = new Date();
    record({
      id: newEventId(),
      userId,
      service,
      input: eventInput(facts, clientKeyId, subjectField),
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
  // A body built whole in memory (every REST answer, and GraphQL's single results, which carry
  // their content-length) has a known size and goes out at once: record it now rather than pass
  // it through a byte counter. `response.body` is read last: on the adapter's Response it turns a
  // string body into a stream.
  const size = facts.method === 'HEAD' ? 0 : (knownBodySize(response) ?? declaredSize(response));
  if (size !== undefined) {
    done(size);
    return response;
  }
  return countBody(response, done);
}

function declaredSize(response: Response): number | undefined {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared)) return Number(declared);
  return response.body === null ? 0 : undefined;
}

const MAX_NAMES = 10;
const MAX_NAME_LENGTH = 100;

function eventInput(
  facts: RequestFacts,
  clientKeyId: string | undefined,
  subjectField: string | undefined,
): Record<string, unknown> {
  const input: Record<string, unknown> = {
    method: facts.method,
    path: facts.path,
  };
  // A trail the caller has not proven to own gets the schema's field name, never the caller's text.
  const chosen = subjectField ? [subjectField] : facts.context.operationNames;
  const names = chosen.slice(0, MAX_NAMES).map((name) => name.slice(0, MAX_NAME_LENGTH));
  if (names.length === 1) input.operationName = names[0];
  else if (names.length > 1) input.operationNames = names;
  if (clientKeyId) input.clientKeyId = clientKeyId;
  return input;
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
