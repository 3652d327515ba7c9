/**
 * The one table of error codes. It decides the GraphQL `extensions.code`, the REST status and
 * the default message. Services throw `DomainError(code)`; nothing else picks a status.
 */
export const ERRORS = {
  // Request shape
  InvalidInput: { status: 400, message: 'The request is not valid.' },
  QueryTooComplex: { status: 400, message: 'The query is too large, too deep or too costly.' },
  MalformedJson: { status: 400, message: 'The request body is not valid JSON.' },
  PayloadTooLarge: { status: 413, message: 'The request body is too large.' },
  UnsupportedMediaType: { status: 415, message: 'Send the body as application/json.' },
  NotFound: { status: 404, message: 'There is nothing at this path.' },
  MethodNotAllowed: { status: 405, message: 'This path does not accept that method.' },
  // Authentication
  Unauthenticated: { status: 401, message: 'Authentication is required.' },
  InvalidToken: { status: 401, message: 'The token is not valid.' },
  TokenExpired: { status: 403, message: 'The token has expired.' },
  Forbidden: { status: 403, message: 'This credential is not allowed here.' },
  AdminRequired: { status: 403, message: 'Only an administrator may do this.' },
  AccountDisabled: { status: 403, message: 'This account is disabled; contact an administrator.' },
  AdminSelfAction: {
    status: 409,
    message: 'An administrator cannot disable or delete their own account this way; ask another administrator.',
  },
  PasswordSignInRequired: {
    status: 403,
    message: 'This needs a session signed in with the password; a session made from the API key may not do it.',
  },
  InvalidCredentials: { status: 401, message: 'The credentials are not valid.' },
  UserNotVerified: { status: 403, message: 'Verify your email address before logging in.' },
  // Users
  EmailTaken: { status: 409, message: 'An account with this email already exists.' },
  UserNotFound: { status: 404, message: 'No such user.' },
  UserVerified: { status: 409, message: 'This account is already verified.' },
  InvalidVerificationToken: { status: 400, message: 'The verification token is not valid.' },
  VerificationTokenExpired: {
    status: 410,
    message: 'The verification token has expired; sign up again to get a new one.',
  },
  WeakPassword: { status: 400, message: 'The password does not meet the password rules.' },
  // Client keys and client tokens
  ClientKeyNotFound: { status: 404, message: 'No such client key.' },
  ClientKeyLimitReached: { status: 409, message: 'You hold the most client keys allowed; delete one first.' },
  InvalidClient: { status: 401, message: 'The client credentials are not valid.' },
  InvalidGrant: { status: 401, message: 'The refresh token is not valid.' },
  UnsupportedGrantType: { status: 400, message: 'grantType must be clientCredentials or refreshToken.' },
  // Passwords and two-factor
  InvalidOldPassword: { status: 403, message: 'The current password is wrong.' },
  SamePassword: { status: 400, message: 'The new password must differ from the current one.' },
  InvalidResetCode: { status: 400, message: 'The reset code is not valid.' },
  ResetCodeExpired: { status: 400, message: 'The reset code has expired; request a new one.' },
  TwoFactorRequired: { status: 401, message: 'A two-factor code is required.' },
  InvalidTwoFactorCode: { status: 401, message: 'The two-factor code is not valid.' },
  TwoFactorAlreadyEnabled: { status: 409, message: 'Two-factor authentication is already on.' },
  TwoFactorNotEnabled: { status: 409, message: 'Two-factor authentication is not on.' },
  TwoFactorSetupRequired: { status: 409, message: 'Start two-factor setup first.' },
  SessionNotFound: { status: 404, message: 'No such session.' },
  InvalidApiKey: { status: 401, message: 'The API key is not valid.' },
  // Webhooks (administrators)
  WebhookEndpointNotFound: { status: 404, message: 'No such webhook endpoint.' },
  WebhookMessageNotFound: { status: 404, message: 'No such delivered or dead webhook message.' },
  WebhookUrlRefused: {
    status: 400,
    message: 'The webhook URL must be http(s) and reach a public address.',
  },
  UnknownWebhookEventType: { status: 400, message: 'Unknown webhook event type.' },
  // Abuse and availability
  TooManyRequests: { status: 429, message: 'Too many requests; try again later.' },
  ServiceUnavailable: { status: 503, message: 'The service is unavailable; try again shortly.' },
  InternalError: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

export function statusOf(code: ErrorCode): number {
  return ERRORS[code].status;
}

export interface DomainErrorOptions {
  message?: string;
  /** Seconds a client should wait (rate limits, lockouts): becomes Retry-After. */
  retryAfter?: number;
  /** The account a failed attempt was aimed at, for the audit trail; never shown to the caller. */
  subjectUserId?: string;
  cause?: unknown;
}

/** A failure the caller caused and may be told about. Everything else is masked as InternalError. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly retryAfter?: number;
  readonly subjectUserId?: string;

  constructor(code: ErrorCode, options: DomainErrorOptions = {}) {
    super(options.message ?? ERRORS[code].message, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.subjectUserId = options.subjectUserId;
  }

  /**
   * What a caller may see of this error. graphql-js copies an original error's `extensions` onto
   * the located error it builds, so a resolver's DomainError arrives with its code already set.
   */
  get extensions(): { code: ErrorCode; retryAfter?: number } {
    return this.retryAfter ? { code: this.code, retryAfter: this.retryAfter } : { code: this.code };
  }
}
