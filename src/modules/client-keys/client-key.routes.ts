import { z } from 'zod';
import { DomainError } from '../../shared/errors.js';
import { defineRoute, type RestRoute } from '../../rest/route.js';
import { dateTime, optionalString } from '../../rest/schemas.js';
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

/** RFC 7662's members; an inactive token is `{"active": false}` and nothing else. */
export const introspectionSchema = z.union([
  z.object({
    active: z.literal(true),
    client_id: z.string().nullable(),
    token_type: z.string().nullable(),
    exp: z.number().int().nullable(),
    iat: z.number().int().nullable(),
    sub: z.string().nullable(),
    aud: z.string().nullable(),
    iss: z.string().nullable(),
    jti: z.string().nullable(),
  }),
  z.object({ active: z.literal(false) }),
]);

/** RFC 7662's member names and order; an inactive token is `{"active": false}` and nothing else. */
export function introspectionReply(result: Introspected): z.input<typeof introspectionSchema> {
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

// A string that is not a grant type is UnsupportedGrantType (RFC 6749's unsupported_grant_type), not InvalidInput.
function grantType(value: string): GrantType {
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
  defineRoute({
    method: 'POST',
    path: '/users/me/client-keys',
    tag: 'Bloq',
    summary: 'Create a client key; the secret is shown this once',
    auth: 'bearer',
    document: `mutation CreateClientKey { createClientKey { clientId clientSecret createdAt } }`,
    errors: ['ClientKeyLimitReached', 'PasswordSignInRequired'],
    example: {},
    replySchema: z.object({ clientId: z.string(), clientSecret: z.string(), createdAt: dateTime() }),
    reply: (data) => {
      const key = data.createClientKey as { clientId: string; clientSecret: string; createdAt: string };
      return { clientId: key.clientId, clientSecret: key.clientSecret, createdAt: key.createdAt };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/users/me/client-keys',
    tag: 'Bloq',
    summary: 'Your client keys (never their secrets)',
    auth: 'bearer',
    document: `query ClientKeys { clientKeys { id createdAt } }`,
    example: {},
    replySchema: z.array(z.object({ id: z.string(), createdAt: dateTime() })),
    reply: (data) =>
      (data.clientKeys as { id: string; createdAt: string }[]).map((key) => ({ id: key.id, createdAt: key.createdAt })),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/users/me/client-keys/:id',
    tag: 'Bloq',
    summary: 'Delete a client key; its tokens stop working',
    auth: 'bearer',
    document: `mutation DeleteClientKey($id: ID!) { deleteClientKey(id: $id) }`,
    params: z.object({ id: z.string().meta({ description: 'The client key id (its clientId).' }) }),
    errors: ['ClientKeyNotFound', 'PasswordSignInRequired'],
    example: { params: { id: 'client-key-id' } },
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  }),
  defineRoute({
    method: 'POST',
    path: '/auth/token',
    tag: 'Bloq',
    summary: 'Client key to token pair, or a refresh token to a new pair (Bloq shape; see /oauth2/token)',
    auth: 'none',
    document: `mutation Token($input: TokenInput!) { token(input: $input) { accessToken refreshToken } }`,
    body: z.object({
      grantType: z.string().meta({ description: 'clientCredentials or refreshToken.', examples: [...GRANT_TYPES] }),
      clientId: optionalString(),
      clientSecret: optionalString(),
      refreshToken: optionalString().meta({ description: 'With grantType refreshToken.' }),
    }),
    errors: ['UnsupportedGrantType', 'InvalidClient', 'InvalidGrant', 'TooManyRequests'],
    example: { body: { grantType: 'clientCredentials', clientId: 'client-id', clientSecret: 'client-secret' } },
    variables: ({ body }) => ({
      input: {
        grantType: grantType(body.grantType),
        clientId: body.clientId ?? undefined,
        clientSecret: body.clientSecret ?? undefined,
        refreshToken: body.refreshToken ?? undefined,
      },
    }),
    replySchema: z.object({ accessToken: z.string(), refreshToken: z.string() }),
    reply: (data) => {
      const tokens = data.token as { accessToken: string; refreshToken: string };
      return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/auth/introspect',
    tag: 'Bloq',
    summary: 'Introspect a token (RFC 7662 members), authenticated with your client key as HTTP Basic',
    auth: 'clientBasic',
    document: `mutation IntrospectToken($clientId: String!, $clientSecret: String!, $token: String!) {
      introspectToken(clientId: $clientId, clientSecret: $clientSecret, token: $token) {
        active clientId tokenType exp iat sub aud iss jti
      }
    }`,
    body: z.object({ token: z.string() }),
    errors: ['InvalidClient', 'TooManyRequests'],
    example: { body: { token: 'an-access-token' } },
    variables: ({ headers, body }) => ({ ...callerCredentials(headers), token: body.token }),
    replySchema: introspectionSchema,
    reply: (data) => introspectionReply(data.introspectToken as Introspected),
  }),
];
