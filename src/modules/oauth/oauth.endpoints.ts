import type { Config } from '../../config.js';
import type { RequestContext } from '../../graphql/context.js';
import type { GraphQLServer } from '../../graphql/yoga.js';
import { json } from '../../http/responses.js';
import { executeOperation, prepareOperation, type PreparedOperation } from '../../rest/operation.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { introspectionReply, type Introspected } from '../client-keys/client-key.routes.js';
import { clientCredentials, type ClientCredentials } from './client-auth.js';
import { readForm, requiredParam } from './form.js';
import { authorizationServerMetadata, OAUTH_PATHS } from './metadata.js';
import { fromErrorCode, NO_STORE, OAuthError } from './oauth-error.js';

// The same root fields the Bloq paths run, so policy, rate limits and audit apply exactly once.
const DOCUMENTS = {
  token: `mutation OAuthToken($input: TokenInput!) {
    token(input: $input) { accessToken refreshToken }
  }`,
  introspect: `mutation OAuthIntrospect($clientId: String!, $clientSecret: String!, $token: String!) {
    introspectToken(clientId: $clientId, clientSecret: $clientSecret, token: $token) {
      active clientId tokenType exp iat sub aud iss jti
    }
  }`,
  revoke: `mutation OAuthRevoke($clientId: String!, $clientSecret: String!, $token: String!) {
    revokeToken(clientId: $clientId, clientSecret: $clientSecret, token: $token) { revoked }
  }`,
};

type Operations = Record<keyof typeof DOCUMENTS, PreparedOperation>;

/** The options the app's settings give. */
export function oauthOptions(config: Config): OAuthOptions {
  return {
    issuer: config.PUBLIC_URL,
    bodyLimit: config.REQUEST_BODY_LIMIT_BYTES,
    accessTokenTtlSeconds: config.CLIENT_TOKEN_TTL_SECONDS,
    realm: config.SERVICE_NAME.replace(/["\\]/g, ''),
  };
}

export interface OAuthOptions {
  /** PUBLIC_URL: the tokens' `iss` and the base of every advertised endpoint. */
  issuer: string;
  bodyLimit: number;
  /** Every client access token lives exactly this long: the `expires_in` of each grant. */
  accessTokenTtlSeconds: number;
  /** The realm named in WWW-Authenticate. */
  realm: string;
}

export interface OAuthEndpoints {
  /** Answers an OAuth path, or returns undefined for any other path. */
  handle(request: Request, method: string, path: string, context: RequestContext): Promise<Response> | undefined;
}

/** RFC 6749 token, RFC 7662 introspection, RFC 7009 revocation and RFC 8414 metadata endpoints. */
export function createOAuthEndpoints(yoga: GraphQLServer, options: OAuthOptions, logger: Logger): OAuthEndpoints {
  const ops = Object.fromEntries(
    Object.entries(DOCUMENTS).map(([name, source]) => [name, prepareOperation(yoga, source, logger)]),
  ) as Operations;
  const metadata = authorizationServerMetadata(options.issuer);

  async function run(name: keyof Operations, variables: Record<string, unknown>, ctx: Call) {
    const result = await executeOperation(yoga, ops[name], variables, ctx.context, ctx.request);
    const error = result.errors?.[0];
    if (error) {
      throw fromErrorCode(error.extensions?.code, error.message, error.extensions?.retryAfter as number | undefined);
    }
    return result.data ?? {};
  }

  async function token(form: Map<string, string>, ctx: Call): Promise<Response> {
    const grantType = requiredParam(form, 'grant_type');
    if (grantType !== 'client_credentials' && grantType !== 'refresh_token') {
      throw new OAuthError('unsupported_grant_type', 'grant_type must be client_credentials or refresh_token.');
    }
    if (form.get('scope')) throw new OAuthError('invalid_scope', 'This server defines no scopes; omit scope.');
    const refreshToken = grantType === 'refresh_token' ? requiredParam(form, 'refresh_token') : undefined;
    const client = authenticated(ctx.request.headers, form);
    const data = await run(
      'token',
      {
        input: {
          grantType: grantType === 'client_credentials' ? 'clientCredentials' : 'refreshToken',
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          refreshToken,
        },
      },
      ctx,
    );
    const pair = data.token as { accessToken: string; refreshToken: string };
    return json(
      {
        access_token: pair.accessToken,
        token_type: 'Bearer',
        expires_in: options.accessTokenTtlSeconds,
        refresh_token: pair.refreshToken,
      },
      200,
      NO_STORE,
    );
  }

  async function introspect(form: Map<string, string>, ctx: Call): Promise<Response> {
    const token = requiredParam(form, 'token');
    const client = authenticated(ctx.request.headers, form);
    const data = await run('introspect', { clientId: client.clientId, clientSecret: client.clientSecret, token }, ctx);
    return json(introspectionReply(data.introspectToken as Introspected), 200, NO_STORE);
  }

  async function revoke(form: Map<string, string>, ctx: Call): Promise<Response> {
    const token = requiredParam(form, 'token');
    const client = authenticated(ctx.request.headers, form);
    await run('revoke', { clientId: client.clientId, clientSecret: client.clientSecret, token }, ctx);
    // RFC 7009 section 2.2: 200 whether or not the token was valid; the body is ignored.
    return new Response(null, { status: 200, headers: NO_STORE });
  }

  const posts: Record<string, (form: Map<string, string>, ctx: Call) => Promise<Response>> = {
    [OAUTH_PATHS.token]: token,
    [OAUTH_PATHS.introspect]: introspect,
    [OAUTH_PATHS.revoke]: revoke,
  };

  async function post(endpoint: (typeof posts)[string], ctx: Call): Promise<Response> {
    try {
      return await endpoint(await readForm(ctx.request, options.bodyLimit), ctx);
    } catch (error) {
      if (error instanceof DomainError) {
        return errorResponse(fromErrorCode(error.code, error.message, error.retryAfter), options);
      }
      if (error instanceof OAuthError) return errorResponse(error, options);
      throw error;
    }
  }

  return {
    handle(request, method, path, context) {
      const endpoint = Object.hasOwn(posts, path) ? posts[path] : undefined;
      if (endpoint) {
        context.route = path;
        if (method !== 'POST') return Promise.resolve(notAllowed('POST'));
        return post(endpoint, { request, context });
      }
      if (path === OAUTH_PATHS.metadata) {
        context.route = path;
        if (method !== 'GET' && method !== 'HEAD') return Promise.resolve(notAllowed('GET, HEAD'));
        return Promise.resolve(json(metadata, 200, { 'cache-control': 'public, max-age=300' }));
      }
      return undefined;
    },
  };
}

interface Call {
  request: Request;
  context: RequestContext;
}

function authenticated(headers: Headers, form: Map<string, string>): ClientCredentials {
  const client = clientCredentials(headers, form);
  if (!client) {
    throw new OAuthError(
      'invalid_client',
      'Authenticate the client: HTTP Basic (client_secret_basic) or client_id and client_secret in the form.',
    );
  }
  return client;
}

function errorResponse(error: OAuthError, options: OAuthOptions): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  // Every 401 names a scheme (RFC 9110); RFC 6749 requires Basic's when the client tried Basic.
  if (error.status === 401) headers['www-authenticate'] = `Basic realm="${options.realm}", charset="UTF-8"`;
  if (error.retryAfter) headers['retry-after'] = String(Math.ceil(error.retryAfter));
  return json({ error: error.error, error_description: error.description }, error.status, headers);
}

function notAllowed(allow: string): Response {
  return json({ error: 'invalid_request', error_description: `This endpoint accepts ${allow} only.` }, 405, {
    ...NO_STORE,
    allow,
  });
}
