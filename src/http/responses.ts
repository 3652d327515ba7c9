import { Response } from '@whatwg-node/server';
import { ERRORS, statusOf, type ErrorCode } from '../shared/errors.js';

// Body sizes of responses built here, so the audit trail can read bytesOut without re-streaming.
const bodySizes = new WeakMap<Response, number>();

/** The size in bytes of a body built by json(), or undefined for any other response. */
export const knownBodySize = (response: Response): number | undefined => bodySizes.get(response);

/**
 * The server adapter's own Response class, not the global one: it sends a string body straight
 * to the socket, where a global Response is read back through a web stream on every answer.
 */
export { Response };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const response = new Response(text, {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
  bodySizes.set(response, Buffer.byteLength(text));
  return response;
}

/** The one error body every REST answer uses: `{code, message}`, status from the code table. */
export function errorResponse(
  code: ErrorCode,
  message: string = ERRORS[code].message,
  retryAfter?: number,
  headers: Record<string, string> = {},
): Response {
  return json({ code, message }, statusOf(code), {
    ...(retryAfter ? { 'retry-after': String(Math.ceil(retryAfter)) } : {}),
    ...headers,
  });
}
