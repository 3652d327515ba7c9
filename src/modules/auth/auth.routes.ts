import { DomainError } from '../../shared/errors.js';
import { z } from 'zod';
import { defineRoute, type RestRoute } from '../../rest/route.js';
import { accessTokenReply, optionalString } from '../../rest/schemas.js';

/**
 * HTTP Basic credentials. The user name ends at the first colon and the password is everything
 * after it, so passwords may contain colons (RFC 7617).
 */
export function basicCredentials(headers: Headers): { username: string; password: string } {
  const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(headers.get('authorization') ?? '');
  if (!match)
    throw new DomainError('InvalidCredentials', {
      message: 'Send the email (or user id) and password with HTTP Basic authentication.',
    });
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new DomainError('InvalidCredentials');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const authRoutes: RestRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/auth',
    tag: 'Bloq',
    summary: 'Log in with the email (or user id) and password as HTTP Basic credentials',
    auth: 'userBasic',
    document: `mutation Login($username: String!, $password: String!, $twofa: String) {
      login(username: $username, password: $password, twofa: $twofa) { accessToken }
    }`,
    body: z.object({
      twofa: optionalString().meta({ description: 'A TOTP or recovery code when 2FA is on (or send X-TwoFA).' }),
    }),
    requestHeaderDocs: { 'X-TwoFA': 'A TOTP or recovery code when 2FA is on (instead of the body field).' },
    errors: ['UserNotVerified', 'AccountDisabled', 'TwoFactorRequired', 'InvalidTwoFactorCode', 'TooManyRequests'],
    example: {},
    variables: ({ headers, body }) => ({
      ...basicCredentials(headers),
      twofa: body.twofa ?? headers.get('x-twofa') ?? undefined,
    }),
    replySchema: accessTokenReply,
    reply: (data) => ({ accessToken: (data.login as { accessToken: string }).accessToken }),
  }),
];
