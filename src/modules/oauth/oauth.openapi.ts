import { z } from 'zod';
import type { EndpointDoc, ResponseDoc } from '../../openapi/endpoint.js';
import { introspectionSchema } from '../client-keys/client-key.routes.js';
import { OAUTH_PATHS } from './metadata.js';

/** RFC 6749 section 5.2's error body. */
export const oauthErrorBody = z.object({
  error: z
    .enum([
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unsupported_grant_type',
      'invalid_scope',
      'temporarily_unavailable',
      'server_error',
    ])
    .meta({ description: 'The RFC 6749 error code.' }),
  error_description: z.string().meta({ description: 'A sentence for people; never parse it.' }),
});

const clientFields = {
  client_id: z.string().optional().meta({ description: 'client_secret_post: the client key id.' }),
  client_secret: z.string().optional().meta({ description: 'client_secret_post: the client key secret.' }),
};

const FAILURES: Record<number, ResponseDoc> = {
  400: { description: 'invalid_request, invalid_grant, unsupported_grant_type or invalid_scope.', ref: 'OAuthError' },
  401: {
    description: 'invalid_client; carries WWW-Authenticate: Basic.',
    ref: 'OAuthError',
    headers: { 'WWW-Authenticate': 'The Basic scheme and realm.' },
  },
  413: { description: 'invalid_request: the body is too large.', ref: 'OAuthError' },
  429: {
    description: 'temporarily_unavailable: too many attempts.',
    ref: 'OAuthError',
    headers: { 'Retry-After': 'Seconds to wait before trying again.' },
  },
};

const FORM = 'application/x-www-form-urlencoded' as const;
const NO_STORE = { 'Cache-Control': 'no-store' };

/** RFC 8414 metadata, as `authorizationServerMetadata` builds it. */
const metadataSchema = z.object({
  issuer: z.string(),
  token_endpoint: z.string(),
  introspection_endpoint: z.string(),
  revocation_endpoint: z.string(),
  jwks_uri: z.string(),
  grant_types_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  introspection_endpoint_auth_methods_supported: z.array(z.string()),
  revocation_endpoint_auth_methods_supported: z.array(z.string()),
});

const jwksSchema = z.object({
  keys: z.array(
    z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string().optional(), use: z.string().optional() }),
  ),
});

/** The OAuth 2.0 endpoints and the discovery documents beside them, for the OpenAPI document. */
export const oauthEndpointDocs: EndpointDoc[] = [
  {
    method: 'POST',
    path: OAUTH_PATHS.token,
    operationId: 'oauth2_token',
    tag: 'OAuth 2.0',
    summary: 'Token endpoint (RFC 6749): client_credentials and refresh_token grants',
    auth: ['clientBasic', 'none'],
    body: {
      mediaType: FORM,
      schema: z.object({
        grant_type: z.enum(['client_credentials', 'refresh_token']),
        refresh_token: z.string().optional().meta({ description: 'With grant_type refresh_token.' }),
        scope: z.string().optional().meta({ description: 'No scopes are defined: leave it out.' }),
        ...clientFields,
      }),
    },
    responses: {
      200: {
        description: 'A token pair (RFC 6749 section 5.1).',
        headers: NO_STORE,
        schema: z.object({
          access_token: z.string(),
          token_type: z.literal('Bearer'),
          expires_in: z.number().int(),
          refresh_token: z.string(),
        }),
      },
      ...FAILURES,
    },
    example: { body: { grant_type: 'client_credentials', client_id: 'client-id', client_secret: 'client-secret' } },
  },
  {
    method: 'POST',
    path: OAUTH_PATHS.introspect,
    operationId: 'oauth2_introspect',
    tag: 'OAuth 2.0',
    summary: 'Token introspection (RFC 7662)',
    auth: ['clientBasic', 'none'],
    body: {
      mediaType: FORM,
      schema: z.object({ token: z.string(), token_type_hint: z.string().optional(), ...clientFields }),
    },
    responses: { 200: { description: 'The token state.', schema: introspectionSchema }, ...FAILURES },
    example: { body: { token: 'an-access-token', client_id: 'client-id', client_secret: 'client-secret' } },
  },
  {
    method: 'POST',
    path: OAUTH_PATHS.revoke,
    operationId: 'oauth2_revoke',
    tag: 'OAuth 2.0',
    summary: 'Token revocation (RFC 7009): 200 whether or not the token was valid',
    auth: ['clientBasic', 'none'],
    body: {
      mediaType: FORM,
      schema: z.object({ token: z.string(), token_type_hint: z.string().optional(), ...clientFields }),
    },
    responses: { 200: { description: 'Revoked (or never valid); no body.' }, ...FAILURES },
    example: { body: { token: 'a-refresh-token', client_id: 'client-id', client_secret: 'client-secret' } },
  },
  {
    method: 'GET',
    path: OAUTH_PATHS.metadata,
    operationId: 'oauth_authorization_server_metadata',
    tag: 'OAuth 2.0',
    summary: 'Authorization server metadata (RFC 8414)',
    auth: ['none'],
    responses: { 200: { description: 'The metadata.', schema: metadataSchema } },
    example: {},
  },
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    operationId: 'jwks',
    tag: 'OAuth 2.0',
    summary: 'The public keys that verify every token this service signs',
    auth: ['none'],
    responses: { 200: { description: 'A JWK set (RFC 7517).', schema: jwksSchema } },
    example: {},
  },
];
