import * as client from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyHolder, type Holder } from '../client-keys/support.js';
import { useOAuthServer } from './support.js';

// A maintained OAuth 2.0 client library, over a real socket, drives every endpoint the way an
// integrator's code would: discovery, client credentials (Basic and post), introspection,
// refresh and revocation.

const t = useOAuthServer();
let holder: Holder;

beforeAll(async () => {
  holder = await keyHolder(t);
});

function discover(auth: 'basic' | 'post', key = holder.key): Promise<client.Configuration> {
  const method =
    auth === 'basic' ? client.ClientSecretBasic(key.clientSecret) : client.ClientSecretPost(key.clientSecret);
  return client.discovery(new URL(t.issuer()), key.clientId, undefined, method, {
    algorithm: 'oauth2',
    execute: [client.allowInsecureRequests],
  });
}

describe('openid-client against the OAuth endpoints', () => {
  it('discovers the RFC 8414 metadata', async () => {
    const config = await discover('basic');
    const issuer = t.issuer();
    expect(config.serverMetadata()).toMatchObject({
      issuer,
      token_endpoint: `${issuer}/oauth2/token`,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
  });

  for (const auth of ['basic', 'post'] as const) {
    it(`client credentials with client_secret_${auth}, then introspection, refresh and revocation`, async () => {
      const config = await discover(auth);
      const tokens = await client.clientCredentialsGrant(config);
      expect(tokens.token_type).toBe('bearer'); // openid-client lower-cases it
      expect(tokens.expires_in).toBe(3600);
      expect(tokens.refresh_token).toBeTruthy();

      const active = await client.tokenIntrospection(config, tokens.access_token);
      expect(active).toMatchObject({
        active: true,
        client_id: holder.key.clientId,
        sub: holder.user.id,
        iss: t.issuer(),
        aud: 'cloud-accounts:client',
        token_type: 'Bearer',
      });

      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.access_token).not.toBe(tokens.access_token);
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(true);

      await client.tokenRevocation(config, refreshed.refresh_token!);
      const refused = await client.refreshTokenGrant(config, refreshed.refresh_token!).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(client.ResponseBodyError);
      expect((refused as client.ResponseBodyError).error).toBe('invalid_grant');
    });
  }

  it('a wrong secret is a 401 Basic challenge with invalid_client, as the library expects', async () => {
    const config = await discover('basic', { clientId: holder.key.clientId, clientSecret: 'f'.repeat(80) });
    const refused = await client.clientCredentialsGrant(config).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(client.WWWAuthenticateChallengeError);
    const challenge = refused as client.WWWAuthenticateChallengeError;
    expect(challenge.status).toBe(401);
    expect(challenge.cause[0]?.scheme).toBe('basic');
    expect(await challenge.response.json()).toMatchObject({ error: 'invalid_client' });
  });
});
