import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest } from '../support/http.js';
import { introspect, keyHolder, refresh, tokensFor, type Holder } from './support.js';

// Threat: a token of one kind used where another kind is expected: a client token (handed to a
// third-party service) managing the account's keys, an access token used as a refresh token to
// mint a family, a refresh token used as a bearer token, an account token passing introspection.

const t = useTestApp();
let holder: Holder;
let account: string;
let client: string;
let refreshToken: string;

beforeAll(async () => {
  holder = await keyHolder(t);
  account = holder.user.token;
  ({ accessToken: client, refreshToken } = await tokensFor(t, holder.key));
});

const keyPaths = () => [
  ['POST', '/users/me/client-keys'],
  ['GET', '/users/me/client-keys'],
  ['DELETE', `/users/me/client-keys/${holder.key.clientId}`],
  ['GET', '/users/me'],
];

describe('account-only places refuse client and refresh tokens', () => {
  it('key management and the profile answer 403 Forbidden to a client or refresh token', async () => {
    for (const [kind, token] of [
      ['client', client],
      ['refresh', refreshToken],
    ] as const) {
      for (const [method, path] of keyPaths()) {
        const reply = await rest(t.app, method!, path!, { token });
        expect([reply.status, reply.body.code], `${kind} token on ${method} ${path}`).toEqual([403, 'Forbidden']);
      }
    }
    // Nothing was created or deleted.
    const keys = await t.db.prisma.clientKey.findMany({ where: { userId: holder.user.id } });
    expect(keys.map((key) => [key.id, key.deletedAt])).toEqual([[holder.key.clientId, null]]);
  });

  it('GraphQL refuses them the same way', async () => {
    for (const token of [client, refreshToken]) {
      const listed = await gql(t.app, '{ clientKeys { id } }', {}, { token });
      expect(listed.body.errors?.[0]?.extensions?.code).toBe('Forbidden');
      const created = await gql(t.app, 'mutation { createClientKey { clientId } }', {}, { token });
      expect(created.body.errors?.[0]?.extensions?.code).toBe('Forbidden');
    }
  });

  it('an account token still works there (the refusals above are about kind, not a broken token)', async () => {
    expect((await rest(t.app, 'GET', '/users/me/client-keys', { token: account })).status).toBe(200);
  });
});

describe('the refresh grant takes refresh tokens only', () => {
  it('refuses an account or client access token (401 InvalidGrant) and mints nothing', async () => {
    const before = await t.db.prisma.refreshToken.count();
    for (const token of [account, client]) {
      const reply = await refresh(t, token);
      expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);
    }
    expect(await t.db.prisma.refreshToken.count()).toBe(before);
  });

  it('and the real refresh token still works afterwards', async () => {
    expect((await refresh(t, refreshToken)).status).toBe(200);
  });
});

describe('introspection only calls client access tokens active', () => {
  it('says inactive for an account token and a refresh token', async () => {
    const fresh = await tokensFor(t, holder.key);
    expect((await introspect(t, holder.key, fresh.accessToken)).body.active).toBe(true);
    expect((await introspect(t, holder.key, account)).body).toEqual({ active: false });
    expect((await introspect(t, holder.key, fresh.refreshToken)).body).toEqual({ active: false });
  });

  it('a client token is not a client credential: it cannot authenticate introspection or a grant', async () => {
    const asBasic = await rest(t.app, 'POST', '/auth/introspect', {
      basic: { username: holder.key.clientId, password: client },
      body: { token: client },
    });
    expect([asBasic.status, asBasic.body.code]).toEqual([401, 'InvalidClient']);
    const asSecret = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: holder.key.clientId, clientSecret: client },
    });
    expect([asSecret.status, asSecret.body.code]).toEqual([401, 'InvalidClient']);
  });
});

describe('a genuinely signed token whose typ and audience disagree', () => {
  it('is accepted nowhere', async () => {
    // Signed with the service's own key, so only the kind checks can refuse it.
    const [signing] = t.app.services.keys.privateKeys();
    const now = Math.floor(Date.now() / 1000);
    const mixed = async (typ: string, aud: string) =>
      new SignJWT({ cid: holder.key.clientId, ver: 0, fam: randomUUID() })
        .setProtectedHeader({ alg: 'EdDSA', kid: signing!.kid, typ })
        .setIssuer(t.config.PUBLIC_URL)
        .setAudience(aud)
        .setSubject(holder.user.id)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(signing!.key);

    const clientTypAccountAud = await mixed('at+jwt', 'cloud-accounts:account');
    const accountTypClientAud = await mixed('account-access+jwt', 'cloud-accounts:client');
    const refreshTypClientAud = await mixed('refresh+jwt', 'cloud-accounts:client');
    for (const token of [clientTypAccountAud, accountTypClientAud, refreshTypClientAud]) {
      const me = await rest(t.app, 'GET', '/users/me/client-keys', { token });
      expect([me.status, me.body.code]).toEqual([401, 'InvalidToken']);
      expect((await introspect(t, holder.key, token)).body).toEqual({ active: false });
      expect((await refresh(t, token)).status).toBe(401);
    }
  });
});
