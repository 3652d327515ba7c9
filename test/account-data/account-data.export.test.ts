import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified } from '../support/http.js';
import { clientGrant } from '../admin/admin.support.js';

const t = useTestApp();

describe('exporting my data', () => {
  it('GET /users/me/export and exportMyData: profile, client keys, sessions, events; no secret', async () => {
    const user = await signUpVerified(t);
    const key = await clientGrant(t, user.token);
    const { apiKey } = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
    await t.app.services.events.flush();

    const reply = await rest(t.app, 'GET', '/users/me/export', { token: user.token });
    expect(reply.status, reply.text).toBe(200);
    const data = reply.body;
    expect(data.profile).toMatchObject({ id: user.id, email: user.email, twofaEnabled: false, disabledAt: null });
    expect(data.clientKeys).toEqual([
      { id: key.clientId, createdAt: expect.any(String), lastUsedAt: expect.any(String), deletedAt: null },
    ]);
    expect(data.sessions).toEqual([expect.objectContaining({ method: 'password', endedAt: null })]);
    expect(data.events.length).toBeGreaterThan(0);
    expect(data.events[0]).toEqual(
      expect.objectContaining({
        service: expect.any(String),
        input: expect.any(Object),
        createdAt: expect.any(String),
      }),
    );
    expect(data.eventsTruncated).toBe(false);

    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    for (const secret of [stored.passwordHash, apiKey, key.clientSecret, key.refreshToken, user.password]) {
      expect(reply.text).not.toContain(secret);
    }
    const storedKey = await t.db.prisma.clientKey.findUniqueOrThrow({ where: { id: key.clientId } });
    expect(reply.text).not.toContain(storedKey.secretHash);

    const graph = await gql(t.app, '{ exportMyData }', {}, { token: user.token });
    expect(graph.body.data.exportMyData.profile.id).toBe(user.id);
  });

  it('needs an account token', async () => {
    const reply = await rest(t.app, 'GET', '/users/me/export');
    expect([reply.status, reply.body.code]).toEqual([401, 'Unauthenticated']);
  });
});
