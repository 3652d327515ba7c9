import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientCredentials, keyHolder, type Holder } from '../client-keys/support.js';
import { oauth, useOAuthServer } from './support.js';

// A third-party resource server checks client access tokens offline, as RFC 9068 describes: keys
// from the published JWKS (over a real socket), typ at+jwt, issuer, audience and expiry. Tokens
// from the OAuth endpoint and from the Bloq path are the same kind and both pass.

const t = useOAuthServer();
let holder: Holder;
const AUDIENCE = 'cloud-accounts:client';

beforeAll(async () => {
  holder = await keyHolder(t);
});

function verify(token: string, overrides: { issuer?: string; audience?: string } = {}) {
  const jwks = createRemoteJWKSet(new URL(`${t.issuer()}/.well-known/jwks.json`));
  return jwtVerify(token, jwks, {
    issuer: overrides.issuer ?? t.issuer(),
    audience: overrides.audience ?? AUDIENCE,
    typ: 'at+jwt',
    algorithms: ['EdDSA'],
    requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'client_id'],
  });
}

describe('a resource server verifying client access tokens', () => {
  it('accepts a token from /oauth2/token: RFC 9068 claims, issuer, audience, unexpired', async () => {
    const reply = await oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials' }, { basic: holder.key });
    expect(reply.status, reply.text).toBe(200);
    const { payload, protectedHeader } = await verify(reply.body.access_token);
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload).toMatchObject({
      iss: t.issuer(),
      aud: AUDIENCE,
      sub: holder.user.id,
      client_id: holder.key.clientId,
    });
    expect(payload.exp! - payload.iat!).toBe(reply.body.expires_in);
  });

  it('accepts a token from the Bloq path POST /auth/token the same way', async () => {
    const reply = await clientCredentials(t, holder.key);
    expect(reply.status, reply.text).toBe(200);
    const { payload } = await verify(reply.body.accessToken);
    expect(payload.client_id).toBe(holder.key.clientId);
  });

  it('refuses a token for another audience, from another issuer, or expired', async () => {
    const reply = await oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials' }, { post: holder.key });
    const token = reply.body.access_token as string;
    await expect(verify(token, { audience: 'cloud-accounts:account' })).rejects.toBeInstanceOf(
      errors.JWTClaimValidationFailed,
    );
    await expect(verify(token, { issuer: 'https://elsewhere.example' })).rejects.toBeInstanceOf(
      errors.JWTClaimValidationFailed,
    );

    // Signed with the service's own key, so only the expiry is wrong.
    const [signing] = t.app.services.keys.privateKeys();
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await new SignJWT({ client_id: holder.key.clientId })
      .setProtectedHeader({ alg: 'EdDSA', kid: signing!.kid, typ: 'at+jwt' })
      .setIssuer(t.issuer())
      .setAudience(AUDIENCE)
      .setSubject(holder.user.id)
      .setJti(randomUUID())
      .setIssuedAt(past)
      .setExpirationTime(past + 3600)
      .sign(signing!.key);
    await expect(verify(expired)).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('refuses an account access token: wrong typ and audience', async () => {
    await expect(verify(holder.user.token)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
  });
});
