import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';
import { clientCredentials, introspect, keyHolder, refresh, tokensFor } from './support.js';

// Threat: a key the owner deleted (because it leaked, say) keeps working: its secret still mints
// tokens, its refresh tokens still refresh, or its access tokens still pass introspection.

const t = useTestApp();

describe('a deleted client key', () => {
  it('stops its secret, its refresh tokens and its access tokens at once', async () => {
    const { user, key } = await keyHolder(t);
    const caller = (await keyHolder(t)).key;
    const { accessToken, refreshToken } = await tokensFor(t, key);
    const second = await tokensFor(t, key);
    const rotated = (await refresh(t, second.refreshToken)).body.refreshToken as string;
    expect((await introspect(t, caller, accessToken)).body.active).toBe(true);

    const deleted = await rest(t.app, 'DELETE', `/users/me/client-keys/${key.clientId}`, { token: user.token });
    expect(deleted.status).toBe(204);

    const grant = await clientCredentials(t, key);
    expect([grant.status, grant.body.code]).toEqual([401, 'InvalidClient']);
    for (const token of [refreshToken, rotated]) {
      const reply = await refresh(t, token);
      expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);
    }
    expect((await introspect(t, caller, accessToken)).body).toEqual({ active: false });

    // Revoked in the delete's own transaction, not lazily.
    const live = await t.db.prisma.refreshToken.count({ where: { clientKeyId: key.clientId, revokedAt: null } });
    expect(live).toBe(0);
  });

  it('cannot authenticate introspection either', async () => {
    const { user, key } = await keyHolder(t);
    const { accessToken } = await tokensFor(t, key);
    await rest(t.app, 'DELETE', `/users/me/client-keys/${key.clientId}`, { token: user.token });
    const reply = await introspect(t, key, accessToken);
    expect([reply.status, reply.body.code]).toEqual([401, 'InvalidClient']);
  });

  it('a refresh token minted while the delete ran is refused too (the key is checked on every use)', async () => {
    const { user, key } = await keyHolder(t);
    const { refreshToken } = await tokensFor(t, key);
    await rest(t.app, 'DELETE', `/users/me/client-keys/${key.clientId}`, { token: user.token });
    // Simulate the race: a row that escaped the delete's revocation sweep.
    await t.db.prisma.refreshToken.updateMany({ where: { clientKeyId: key.clientId }, data: { revokedAt: null } });
    const reply = await refresh(t, refreshToken);
    expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);
  });

  it("dies with its owner's account", async () => {
    const { user, key } = await keyHolder(t);
    const caller = (await keyHolder(t)).key;
    const { accessToken, refreshToken } = await tokensFor(t, key);
    await t.db.prisma.user.delete({ where: { id: user.id } });
    expect((await introspect(t, caller, accessToken)).body).toEqual({ active: false });
    expect((await refresh(t, refreshToken)).status).toBe(401);
    expect((await clientCredentials(t, key)).status).toBe(401);
  });

  it("leaves the owner's other keys working", async () => {
    const { user, key } = await keyHolder(t);
    const other = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
    const otherKey = { clientId: other.body.clientId, clientSecret: other.body.clientSecret };
    const { refreshToken } = await tokensFor(t, otherKey);
    await rest(t.app, 'DELETE', `/users/me/client-keys/${key.clientId}`, { token: user.token });
    expect((await refresh(t, refreshToken)).status).toBe(200);
    expect((await clientCredentials(t, otherKey)).status).toBe(200);
  });
});
