import { OAuthError } from './oauth-error.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** How the client authenticated: a failed Basic attempt must be answered with WWW-Authenticate. */
  method: 'client_secret_basic' | 'client_secret_post';
}

/**
 * The client's credentials from HTTP Basic or from the form (RFC 6749 section 2.3.1), or
 * undefined when it sent none. Using both at once is refused, as the RFC requires. Basic's user
 * name and password are form-encoded before base64, so they are decoded once more here.
 */
export function clientCredentials(headers: Headers, form: Map<string, string>): ClientCredentials | undefined {
  const authorization = headers.get('authorization');
  const postedSecret = form.get('client_secret');
  if (authorization !== null) {
    if (postedSecret !== undefined) {
      throw new OAuthError('invalid_request', 'Authenticate the client one way only: HTTP Basic or the form.');
    }
    const basic = fromBasic(authorization);
    const postedId = form.get('client_id');
    if (postedId !== undefined && postedId !== basic.clientId) {
      throw new OAuthError('invalid_request', 'client_id differs from the HTTP Basic user name.');
    }
    return basic;
  }
  const clientId = form.get('client_id');
  if (!clientId || !postedSecret) return undefined;
  return { clientId, clientSecret: postedSecret, method: 'client_secret_post' };
}

function fromBasic(authorization: string): ClientCredentials {
  const refused = new OAuthError(
    'invalid_client',
    'Send the client_id and client_secret as HTTP Basic credentials or as form parameters.',
  );
  const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
  if (!match) throw refused;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw refused;
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
      method: 'client_secret_basic',
    };
  } catch {
    throw refused;
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
