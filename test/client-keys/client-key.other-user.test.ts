import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest } from '../support/http.js';
import { claimsOf, clientCredentials, keyHolder, refresh, tokensFor, type Holder } from './support.js';

// Threat: a user reaches another user's key: deletes it, sees it listed, learns that it exists
// from a different answer than an unknown id gets, or refreshes tokens bound to it.

const t = useTestApp();
let alice: Holder;
let mallory: Holder;
beforeAll(async () => {
  alice = await keyHolder(t);
  mallory = await keyHolder(t);
});

describe("another user's client key", () => {
  it('cannot be deleted, and the 404 is exactly the one an unknown id gets', async () => {
    const theirs = await rest(t.app, 'DELETE', `/users/me/client-keys/${alice.key.clientId}`, {
      token: mallory.user.token,
    });
    const unknown = await rest(t.app, 'DELETE', `/users/me/client-keys/${'0'.repeat(40)}`, {
      token: mallory.user.token,
    });
    const malformed = await rest(t.app, 'DELETE', '/users/me/client-keys/not-a-key', { token: mallory.user.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ code: 'ClientKeyNotFound', message: expect.any(String) });
    expect(unknown.status).toBe(theirs.status);
    expect(unknown.text).toBe(theirs.text);
    expect(malformed.text).toBe(theirs.text);

    const row = await t.db.prisma.clientKey.findUniqueOrThrow({ where: { id: alice.key.clientId } });
    expect(row.deletedAt).toBeNull();
    expect((await clientCredentials(t, alice.key)).status).toBe(200);
  });

  it('cannot be deleted over GraphQL either', async () => {
    const reply = await gql(
      t.app,
      'mutation ($id: ID!) { deleteClientKey(id: $id) }',
      { id: alice.key.clientId },
      {
        token: mallory.user.token,
      },
    );
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('ClientKeyNotFound');
    expect((await clientCredentials(t, alice.key)).status).toBe(200);
  });

  it('is not listed', async () => {
    const list = await rest(t.app, 'GET', '/users/me/client-keys', { token: mallory.user.token });
    expect(list.body.map((key: { id: string }) => key.id)).toEqual([mallory.key.clientId]);
    const graph = await gql(t.app, '{ clientKeys { id } }', {}, { token: mallory.user.token });
    expect(graph.body.data.clientKeys).toEqual([{ id: mallory.key.clientId }]);
  });

  it("cannot refresh a token bound to it while authenticating with one's own key", async () => {
    const { refreshToken } = await tokensFor(t, alice.key);
    const reply = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken, ...mallory.key },
    });
    expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);
    // Nothing rotated: Alice's token still works, and with her own key named it works too.
    const own = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken, ...alice.key },
    });
    expect(own.status).toBe(200);
    expect(claimsOf(own.body.accessToken)).toMatchObject({ sub: alice.user.id, cid: alice.key.clientId });
  });

  it('cannot have its refresh token rebound by changing the claims (even with a valid signature)', async () => {
    const { refreshToken } = await tokensFor(t, alice.key);
    const original = claimsOf(refreshToken);
    // Same jti and family, re-signed with the service key but naming Mallory's key or account.
    const [key] = t.app.services.keys.privateKeys();
    const iat = original.iat as number;
    const ttl = (original.exp as number) - iat;
    for (const [sub, cid] of [
      [mallory.user.id, alice.key.clientId],
      [alice.user.id, mallory.key.clientId],
      [mallory.user.id, mallory.key.clientId],
    ]) {
      const rebound = await t.app.services.tokens.sign(
        'refresh',
        sub!,
        ttl,
        { cid, fam: original.fam },
        {
          jti: original.jti,
          iat,
          key,
        },
      );
      const reply = await refresh(t, rebound.token);
      expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);
    }
    expect((await refresh(t, refreshToken)).status).toBe(200);
  });
});
