import { DomainError } from '../../shared/errors.js';
import { optionalString, type RestRoute } from '../../rest/route.js';

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
  {
    method: 'POST',
    path: '/auth',
    document: `mutation Login($username: String!, $password: String!, $twofa: String) {
      login(username: $username, password: $password, twofa: $twofa) { accessToken }
    }`,
    variables: ({ headers, body }) => ({
      ...basicCredentials(headers),
      twofa: optionalString(body, 'twofa') ?? headers.get('x-twofa') ?? undefined,
    }),
    reply: (data) => ({ accessToken: (data.login as { accessToken: string }).accessToken }),
  },
];
