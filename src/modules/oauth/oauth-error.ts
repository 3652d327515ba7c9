import { isErrorCode, type ErrorCode } from '../../shared/errors.js';

/** RFC 6749 section 5.2 error codes, plus RFC 6749's `temporarily_unavailable` and `server_error`. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'temporarily_unavailable'
  | 'server_error';

/** A refusal on an OAuth endpoint: answered with RFC 6749's error body, never `{code, message}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

// Our codes as OAuth sees them. Any other code is the request's own fault: invalid_request.
const MAPPED: Partial<Record<ErrorCode, { error: OAuthErrorCode; status: number }>> = {
  InvalidClient: { error: 'invalid_client', status: 401 },
  InvalidGrant: { error: 'invalid_grant', status: 400 },
  UnsupportedGrantType: { error: 'unsupported_grant_type', status: 400 },
  // No RFC 6749 code fits a rate limit; RFC 6585's status and Retry-After say what to do.
  TooManyRequests: { error: 'temporarily_unavailable', status: 429 },
  ServiceUnavailable: { error: 'temporarily_unavailable', status: 503 },
  InternalError: { error: 'server_error', status: 500 },
  PayloadTooLarge: { error: 'invalid_request', status: 413 },
};

/** The OAuth error for one of our error codes (from a DomainError or a GraphQL error's extensions). */
export function fromErrorCode(code: unknown, message: string, retryAfter?: number): OAuthError {
  const mapped = isErrorCode(code) ? MAPPED[code] : undefined;
  return new OAuthError(mapped?.error ?? 'invalid_request', message, mapped?.status ?? 400, retryAfter);
}

/** Token endpoint answers carry credentials: RFC 6749 section 5.1 forbids caching them. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
