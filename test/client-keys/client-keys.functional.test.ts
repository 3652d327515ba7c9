import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/shared/ids.js';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified } from '../support/http.js';
import {
  claimsOf,
  clientCredentials,
  createKey,
  headerOf,
  introspect,
  keyHolder,
  refresh,
  tokensFor,
} from './support.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const t = useTestApp({ CLIENT_KEYS_MAX: '3' });

describe('client keys over the Bloq paths', () => {
  it('creates a key (200 {clientId, clientSecret, createdAt}) and stores only the secret hash', async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['clientId', 'clientSecret', 'createdAt']);
    expect(reply.body.clientId).toMatch(/^[0-9a-f]{40}$/);
    expect(reply.body.clientSecret).toMatch(/^[0-9a-f]{80}$/);
    expect(reply.body.createdAt).toMatch(ISO);

    const row = await t.db.prisma.clientKey.findUniqueOrThrow({ where: { id: reply.body.clientId } });
    expect(row.userId).toBe(user.id);
    expect(row.secretHash).toBe(sha256(reply.body.clientSecret));
    expect(JSON.stringify(row)).not.toContain(reply.body.clientSecret);
  });

  it('lists keys as [{id, createdAt}], newest first, never with a secret', async () => {
    const user = await signUpVerified(t);
    const first = await createKey(t, user.token);
    const second = await createKey(t, user.token);
    const reply = await rest(t.app, 'GET', '/users/me/client-keys', { token: user.token });
    expect(reply.status).toBe(200);
    expect(reply.body.map((key: { id: string }) => key.id)).toEqual([second.clientId, first.clientId]);
    for (const key of reply.body) {
      expect(Object.keys(key)).toEqual(['id', 'createdAt']);
      expect(key.createdAt).toMatch(ISO);
    }
    expect(reply.text).not.toContain(first.clientSecret);
    expect(reply.text).not.toContain(second.clientSecret);
  });

  it('deletes a key (204, no body); it leaves the list and a second delete is 404', async () => {
    const user = await signUpVerified(t);
    const kept = await createKey(t, user.token);
    const gone = await createKey(t, user.token);
    const deleted = await rest(t.app, 'DELETE', `/users/me/client-keys/${gone.clientId}`, { token: user.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const list = await rest(t.app, 'GET', '/users/me/client-keys', { token: user.token });
    expect(list.body.map((key: { id: string }) => key.id)).toEqual([kept.clientId]);
    const again = await rest(t.app, 'DELETE', `/users/me/client-keys/${gone.clientId}`, { token: user.token });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ code: 'ClientKeyNotFound', message: expect.any(String) });
  });

  it('needs an account token for key management', async () => {
    expect((await rest(t.app, 'POST', '/users/me/client-keys')).status).toBe(401);
    expect((await rest(t.app, 'GET', '/users/me/client-keys')).status).toBe(401);
    const del = await rest(t.app, 'DELETE', `/users/me/client-keys/${'a'.repeat(40)}`);
    expect(del.status).toBe(401);
    expect(del.body.code).toBe('Unauthenticated');
  });

  it('caps the keys a user holds (409 ClientKeyLimitReached), also when creates race', async () => {
    const user = await signUpVerified(t);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => rest(t.app, 'POST', '/users/me/client-keys', { token: user.token })),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(3);
    const refused = replies.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(3);
    for (const reply of refused) {
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('ClientKeyLimitReached');
    }
    expect(await t.db.prisma.clientKey.count({ where: { userId: user.id } })).toBe(3);

    // Deleting one frees a place.
    const list = await rest(t.app, 'GET', '/users/me/client-keys', { token: user.token });
    await rest(t.app, 'DELETE', `/users/me/client-keys/${list.body[0].id}`, { token: user.token });
    expect((await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token })).status).toBe(200);
  });
});

describe('POST /auth/token', () => {
  it('clientCredentials gives {accessToken, refreshToken}: 1 h client token and 1 year refresh token', async () => {
    const { user, key } = await keyHolder(t);
    const reply = await clientCredentials(t, key);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['accessToken', 'refreshToken']);
    expect(reply.body.accessToken).toMatch(JWS);
    expect(reply.body.refreshToken).toMatch(JWS);

    const access = claimsOf(reply.body.accessToken);
    expect(headerOf(reply.body.accessToken)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(access).toMatchObject({
      sub: user.id,
      client_id: key.clientId,
      cid: key.clientId,
      aud: 'cloud-accounts:client',
    });
    expect(access.exp - access.iat).toBe(3600);

    const refreshClaims = claimsOf(reply.body.refreshToken);
    expect(headerOf(reply.body.refreshToken).typ).toBe('refresh+jwt');
    expect(refreshClaims).toMatchObject({ sub: user.id, cid: key.clientId });
    expect(refreshClaims.exp - refreshClaims.iat).toBe(365 * 24 * 3600);
    const row = await t.db.prisma.refreshToken.findUniqueOrThrow({ where: { id: refreshClaims.jti } });
    expect(row).toMatchObject({ clientKeyId: key.clientId, userId: user.id, familyId: refreshClaims.fam });
    expect(row.tokenHash).toBe(sha256(reply.body.refreshToken));
  });

  it('client access tokens verify offline against /.well-known/jwks.json', async () => {
    const { key } = await keyHolder(t);
    const { accessToken } = await tokensFor(t, key);
    const jwks = await rest(t.app, 'GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d":/);
    const { payload } = await jwtVerify(accessToken, createLocalJWKSet(jwks.body), {
      issuer: t.config.PUBLIC_URL,
      audience: 'cloud-accounts:client',
      typ: 'at+jwt',
      algorithms: ['EdDSA'],
    });
    expect(payload.cid).toBe(key.clientId);
  });

  it('refreshToken gives a new access token and a rotated refresh token, again and again', async () => {
    const { key } = await keyHolder(t);
    let current = (await tokensFor(t, key)).refreshToken;
    const family = claimsOf(current).fam;
    for (let i = 0; i < 3; i += 1) {
      const reply = await refresh(t, current);
      expect(reply.status, reply.text).toBe(200);
      expect(Object.keys(reply.body)).toEqual(['accessToken', 'refreshToken']);
      expect(reply.body.refreshToken).not.toBe(current);
      expect(claimsOf(reply.body.refreshToken).fam).toBe(family);
      expect(claimsOf(reply.body.accessToken).cid).toBe(key.clientId);
      current = reply.body.refreshToken;
    }
    expect(await t.db.prisma.refreshToken.count({ where: { familyId: family } })).toBe(4);
  });

  it('answers bad requests with clear 4xx codes', async () => {
    const { key } = await keyHolder(t);
    const cases: [unknown, number, string][] = [
      [{ grantType: 'password', ...key }, 400, 'UnsupportedGrantType'],
      [{ ...key }, 400, 'InvalidInput'],
      [{ grantType: 7 }, 400, 'InvalidInput'],
      [{ grantType: 'clientCredentials', clientId: key.clientId }, 400, 'InvalidInput'],
      [{ grantType: 'clientCredentials', clientId: key.clientId, clientSecret: 5 }, 400, 'InvalidInput'],
      [{ grantType: 'refreshToken' }, 400, 'InvalidInput'],
      [{ grantType: 'clientCredentials', clientId: key.clientId, clientSecret: 'f'.repeat(80) }, 401, 'InvalidClient'],
      [{ grantType: 'refreshToken', refreshToken: 'not.a.token' }, 401, 'InvalidGrant'],
      ['{"grantType":', 400, 'MalformedJson'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await rest(t.app, 'POST', '/auth/token', { body });
      expect([reply.status, reply.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(typeof reply.body.message).toBe('string');
    }
  });

  it('records when a key was last used', async () => {
    const { user, key } = await keyHolder(t);
    const query = '{ clientKeys { id createdAt lastUsedAt } }';
    const before = await gql(t.app, query, {}, { token: user.token });
    expect(before.body.data.clientKeys).toEqual([
      { id: key.clientId, createdAt: expect.any(String), lastUsedAt: null },
    ]);
    await tokensFor(t, key);
    const after = await gql(t.app, query, {}, { token: user.token });
    expect(after.body.data.clientKeys[0].lastUsedAt).toMatch(ISO);
  });
});

describe('POST /auth/introspect', () => {
  it('says a live client access token is active, RFC 7662 style', async () => {
    const { user, key } = await keyHolder(t);
    const { accessToken } = await tokensFor(t, key);
    const caller = (await keyHolder(t)).key;
    const reply = await introspect(t, caller, accessToken);
    expect(reply.status).toBe(200);
    const claims = claimsOf(accessToken);
    expect(reply.body).toEqual({
      active: true,
      client_id: key.clientId,
      token_type: 'Bearer',
      exp: claims.exp,
      iat: claims.iat,
      sub: user.id,
      aud: 'cloud-accounts:client',
      iss: t.config.PUBLIC_URL,
      jti: claims.jti,
    });
  });

  it('answers {active:false} and nothing more for a token that is not active', async () => {
    const { key } = await keyHolder(t);
    const reply = await introspect(t, key, 'x.y.z');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ active: false });
  });

  it('only answers a caller with valid client credentials', async () => {
    const { key } = await keyHolder(t);
    const { accessToken } = await tokensFor(t, key);
    const none = await rest(t.app, 'POST', '/auth/introspect', { body: { token: accessToken } });
    expect([none.status, none.body.code]).toEqual([401, 'InvalidClient']);
    const wrong = await introspect(t, { clientId: key.clientId, clientSecret: '0'.repeat(80) }, accessToken);
    expect([wrong.status, wrong.body.code]).toEqual([401, 'InvalidClient']);
    const bearer = await rest(t.app, 'POST', '/auth/introspect', { token: accessToken, body: { token: accessToken } });
    expect([bearer.status, bearer.body.code]).toEqual([401, 'InvalidClient']);
    const noToken = await introspect(t, key, undefined as unknown as string);
    expect([noToken.status, noToken.body.code]).toEqual([400, 'InvalidInput']);
  });
});

describe('the same over GraphQL', () => {
  it('creates, lists, exchanges, refreshes, introspects and deletes', async () => {
    const user = await signUpVerified(t);
    const created = await gql(
      t.app,
      'mutation { createClientKey { clientId clientSecret createdAt } }',
      {},
      { token: user.token },
    );
    const { clientId, clientSecret } = created.body.data.createClientKey;
    expect(clientId).toMatch(/^[0-9a-f]{40}$/);

    const listed = await gql(t.app, '{ clientKeys { id } }', {}, { token: user.token });
    expect(listed.body.data.clientKeys).toEqual([{ id: clientId }]);

    const TOKEN = `mutation ($input: TokenInput!) {
      token(input: $input) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt }
    }`;
    const granted = await gql(t.app, TOKEN, { input: { grantType: 'clientCredentials', clientId, clientSecret } });
    const pair = granted.body.data.token;
    expect(new Date(pair.accessTokenExpiresAt).getTime() - Date.now()).toBeGreaterThan(3590_000);
    const refreshed = await gql(t.app, TOKEN, {
      input: { grantType: 'refreshToken', refreshToken: pair.refreshToken },
    });
    expect(refreshed.body.data.token.refreshToken).not.toBe(pair.refreshToken);

    const INTROSPECT = `mutation ($clientId: String!, $clientSecret: String!, $token: String!) {
      introspectToken(clientId: $clientId, clientSecret: $clientSecret, token: $token) { active sub clientId tokenType }
    }`;
    const active = await gql(t.app, INTROSPECT, {
      clientId,
      clientSecret,
      token: refreshed.body.data.token.accessToken,
    });
    expect(active.body.data.introspectToken).toEqual({ active: true, sub: user.id, clientId, tokenType: 'Bearer' });

    const deleted = await gql(
      t.app,
      'mutation ($id: ID!) { deleteClientKey(id: $id) }',
      { id: clientId },
      { token: user.token },
    );
    expect(deleted.body.data.deleteClientKey).toBe(true);

    const unknown = await gql(t.app, TOKEN, { input: { grantType: 'password' } });
    expect(unknown.body.errors?.[0]).toBeDefined();
  });
});
