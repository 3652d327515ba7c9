import { z } from 'zod';
import { DomainError } from '../../shared/errors.js';
import { defineRoute, type RestRoute } from '../../rest/route.js';

/**
 * A second-factor code in a JSON body. Authenticator codes look like numbers, so a client may
 * send 123456 unquoted: accepted, with the leading zeros a JSON number loses put back.
 */
export const twofaCode = () =>
  z
    .union([
      z.string(),
      z
        .number()
        .int()
        .min(0)
        .max(999_999)
        .transform((n) => String(n).padStart(6, '0')),
    ])
    .nullish()
    .meta({ description: 'A current TOTP code (string, or a 6-digit number) or a recovery code.' });

/** The X-TwoFA header, for the document. */
export const TWOFA_HEADER = { 'X-TwoFA': 'The second-factor code, when the body does not carry one.' };

/** The second-factor code of a request: the body's `twofa`, else the X-TwoFA header. */
export function twofaFrom(code: string | null | undefined, headers: Headers): string | undefined {
  return code ?? headers.get('x-twofa') ?? undefined;
}

/** GreenCloud sends `code`; the rest of this API says `twofa` (or X-TwoFA): any is taken. */
function requiredCode(body: { code?: string | null; twofa?: string | null }, headers: Headers): string {
  const code = body.code ?? twofaFrom(body.twofa, headers);
  if (code === undefined) throw new DomainError('InvalidInput', { message: 'code is required and must be a string.' });
  return code;
}

const codeBody = z.object({ code: twofaCode(), twofa: twofaCode() });

/** GreenCloud-style two-factor paths (their documentation's /v1/auth/2FA family, under /api). */
export const twoFactorRoutes: RestRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/api/auth/2FA',
    tag: 'GreenCloud',
    summary: 'Start two-factor setup: a TOTP seed and its otpauth URI',
    auth: 'bearer',
    document: `mutation SetupTwoFactor { setupTwoFactor { secret uri } }`,
    errors: ['TwoFactorAlreadyEnabled', 'PasswordSignInRequired'],
    example: {},
    replySchema: z.object({ seed: z.string(), uri: z.string() }),
    reply: (data) => {
      const setup = data.setupTwoFactor as { secret: string; uri: string };
      return { seed: setup.secret, uri: setup.uri };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/verify2FA',
    tag: 'GreenCloud',
    summary: 'Turn two-factor on with a first code; answers the recovery codes',
    auth: 'bearer',
    document: `mutation EnableTwoFactor($code: String!) { enableTwoFactor(code: $code) { recoveryCodes } }`,
    body: codeBody,
    requestHeaderDocs: TWOFA_HEADER,
    errors: ['TwoFactorSetupRequired', 'TwoFactorAlreadyEnabled', 'InvalidTwoFactorCode', 'TooManyRequests'],
    example: { body: { code: '123456' } },
    variables: ({ body, headers }) => ({ code: requiredCode(body, headers) }),
    replySchema: z.object({ recoveryCodes: z.array(z.string()) }),
    reply: (data) => ({ recoveryCodes: (data.enableTwoFactor as { recoveryCodes: string[] }).recoveryCodes }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/auth/2FA',
    tag: 'GreenCloud',
    summary: 'Turn two-factor off with a current code',
    auth: 'bearer',
    document: `mutation DisableTwoFactor($code: String!) { disableTwoFactor(code: $code) }`,
    body: codeBody,
    requestHeaderDocs: TWOFA_HEADER,
    errors: ['TwoFactorNotEnabled', 'InvalidTwoFactorCode', 'PasswordSignInRequired', 'TooManyRequests'],
    example: { body: { code: '123456' } },
    variables: ({ body, headers }) => ({ code: requiredCode(body, headers) }),
    status: 204,
  }),
];
