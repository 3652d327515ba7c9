const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];

/** The paths the OAuth endpoints answer on, below the service's public URL. */
export const OAUTH_PATHS = {
  token: '/oauth2/token',
  introspect: '/oauth2/introspect',
  revoke: '/oauth2/revoke',
  metadata: '/.well-known/oauth-authorization-server',
} as const;

/**
 * RFC 8414 authorization server metadata. The issuer is the `iss` every token carries
 * (PUBLIC_URL), so a client that discovers it can check tokens against it. There is no
 * authorization endpoint (no user-facing flows), hence no response types.
 */
export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    token_endpoint: `${issuer}${OAUTH_PATHS.token}`,
    introspection_endpoint: `${issuer}${OAUTH_PATHS.introspect}`,
    revocation_endpoint: `${issuer}${OAUTH_PATHS.revoke}`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_types_supported: ['client_credentials', 'refresh_token'],
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
  };
}
