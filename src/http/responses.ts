import { DomainError, ERRORS, statusOf, type ErrorCode } from '../shared/errors.js';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
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

export function domainErrorResponse(error: DomainError): Response {
  return errorResponse(error.code, error.message, error.retryAfter);
}
