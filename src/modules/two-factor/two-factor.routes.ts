import { DomainError } from '../../shared/errors.js';
import type { RestRequest, RestRoute } from '../../rest/route.js';

/**
 * A second-factor code from a JSON body field. Authenticator codes look like numbers, so a
 * client may send 123456 unquoted: accepted, with the leading zeros a JSON number loses put back.
 */
function bodyCode(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1e6) {
    return String(value).padStart(6, '0');
  }
  if (value !== undefined && value !== null) {
    throw new DomainError('InvalidInput', { message: `${field} must be a string.` });
  }
  return undefined;
}

/** The second-factor code of a request: the body's `twofa`, else the X-TwoFA header. */
export function twofaFrom(req: RestRequest): string | undefined {
  return bodyCode(req.body, 'twofa') ?? req.headers.get('x-twofa') ?? undefined;
}

/** GreenCloud sends `code`; the rest of this API says `twofa` (or X-TwoFA): any is taken. */
function requiredCode(req: RestRequest): string {
  const code = bodyCode(req.body, 'code') ?? twofaFrom(req);
  if (code === undefined) throw new DomainError('InvalidInput', { message: 'code is required and must be a string.' });
  return code;
}

/** GreenCloud-style two-factor paths (their documentation's /v1/auth/2FA family, under /api). */
export const twoFactorRoutes: RestRoute[] = [
  {
    method: 'POST',
    path: '/api/auth/2FA',
    document: `mutation SetupTwoFactor { setupTwoFactor { secret uri } }`,
    reply: (data) => {
      const setup = data.setupTwoFactor as { secret: string; uri: string };
      return { seed: setup.secret, uri: setup.uri };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/verify2FA',
    document: `mutation EnableTwoFactor($code: String!) { enableTwoFactor(code: $code) { recoveryCodes } }`,
    variables: (req) => ({ code: requiredCode(req) }),
    reply: (data) => ({ recoveryCodes: (data.enableTwoFactor as { recoveryCodes: string[] }).recoveryCodes }),
  },
  {
    method: 'DELETE',
    path: '/api/auth/2FA',
    document: `mutation DisableTwoFactor($code: String!) { disableTwoFactor(code: $code) }`,
    variables: (req) => ({ code: requiredCode(req) }),
    status: 204,
  },
];
