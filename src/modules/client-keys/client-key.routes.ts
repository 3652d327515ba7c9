import { DomainError } from '../../shared/errors.js';
import { optionalString, stringField, type RestRoute } from '../../rest/route.js';
import { basicCredentials } from '../auth/auth.routes.js';
import { GRANT_TYPES, type GrantType } from './token-grant.service.js';

export interface Introspected {
  active: boolean;
  clientId: string | null;
  tokenType: string | null;
  exp: number | null;
  iat: number | null;
  sub: string | null;
  aud: string | null;
  iss: string | null;
  jti: string | null;
}

/** RFC 7662's member names and order; an inactive token is `{"active": false}` and nothing else. */
export function introspectionReply(result: Introspected) {
  if (!result.active) return { active: false };
  return {
    active: true,
    client_id: result.clientId,
    token_type: result.tokenType,
    exp: result.exp,
    iat: result.iat,
    sub: result.sub,
    aud: result.aud,
    iss: result.iss,
    jti: result.jti,
  };
}

function grantType(body: Record<string, unknown>): GrantType {
  const value = stringField(body, 'grantType');
  if (!(GRANT_TYPES as readonly string[]).includes(value)) throw new DomainError('UnsupportedGrantType');
  return value as GrantType;
}

/** The introspecting service's own client key, sent as HTTP Basic (RFC 7662 section 2.1). */
function callerCredentials(headers: Headers): { clientId: string; clientSecret: string } {
  try {
    const { username, password } = basicCredentials(headers);
    return { clientId: username, clientSecret: password };
  } catch {
    throw new DomainError('InvalidClient', {
      message: 'Authenticate with your clientId and clientSecret as HTTP Basic credentials.',
    });
  }
}

export const clientKeyRoutes: RestRoute[] = [
  {
    method: 'POST',
    path: '/users/me/client-keys',
    document: `mutation CreateClientKey { createClientKey { clientId clientSecret createdAt } }`,
    reply: (data) => {
      const key = data.createClientKey as { clientId: string; clientSecret: string; createdAt: string };
      return { clientId: key.clientId, clientSecret: key.clientSecret, createdAt: key.createdAt };
    },
  },
  {
    method: 'GET',
    path: '/users/me/client-keys',
    document: `query ClientKeys { clientKeys { id createdAt } }`,
    reply: (data) =>
      (data.clientKeys as { id: string; createdAt: string }[]).map((key) => ({ id: key.id, createdAt: key.createdAt })),
  },
  {
    method: 'DELETE',
    path: '/users/me/client-keys/:id',
    document: `mutation DeleteClientKey($id: ID!) { deleteClientKey(id: $id) }`,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
  {
    method: 'POST',
    path: '/auth/token',
    document: `mutation Token($input: TokenInput!) { token(input: $input) { accessToken refreshToken } }`,
    variables: ({ body }) => ({
      input: {
        grantType: grantType(body),
        clientId: optionalString(body, 'clientId'),
        clientSecret: optionalString(body, 'clientSecret'),
        refreshToken: optionalString(body, 'refreshToken'),
      },
    }),
    reply: (data) => {
      const tokens = data.token as { accessToken: string; refreshToken: string };
      return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
    },
  },
  {
    method: 'POST',
    path: '/auth/introspect',
    document: `mutation IntrospectToken($clientId: String!, $clientSecret: String!, $token: String!) {
      introspectToken(clientId: $clientId, clientSecret: $clientSecret, token: $token) {
        active clientId tokenType exp iat sub aud iss jti
      }
    }`,
    variables: ({ headers, body }) => ({ ...callerCredentials(headers), token: stringField(body, 'token') }),
    reply: (data) => introspectionReply(data.introspectToken as Introspected),
  },
];
