import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { requestResetCode } from '../support/two-factor.js';

/**
 * Threat: a stolen account token outliving the password change or reset its owner made to
 * lock the thief out. A change ends every other session (the caller's keeps working, as Bloq's
 * CLI expects); a reset ends every session.
 */
const t = useTestApp();

/** Tokens of sessions other than `token`'s: another password login and an API-key login. */
async function otherTokens(email: string, token: string): Promise<string[]> {
  const apiKey = (await rest(t.app, 'GET', '/api/user', { token })).body.apiKey;
  const viaKey = (await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey } })).body.accessToken;
  return [await login(t, email, PASSWORD), viaKey];
}

async function expectRevoked(tokens: string[]) {
  for (const token of tokens) {
    const bloq = await rest(t.app, 'GET', '/users/me', { token });
    expect([bloq.status, bloq.body.code]).toEqual([401, 'InvalidToken']);
    const green = await rest(t.app, 'GET', '/api/user', { token });
    expect(green.status).toBe(401);
    const graph = await gql(t.app, '{ me { id } }', {}, { token });
    expect(graph.body.errors?.[0]?.extensions?.code).toBe('InvalidToken');
  }
}

describe('tokens revoked after a password change or reset', () => {
  it("Bloq change: every other session's token dies; the caller's and the fresh one work", async () => {
    const user = await signUpVerified(t);
    const tokens = await otherTokens(user.email, user.token);
    const changed = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: PASSWORD, newPassword: 'N3w!passphrase' },
    });
    expect(changed.status).toBe(200);
    await expectRevoked(tokens);
    expect((await rest(t.app, 'GET', '/users/me', { token: changed.body.accessToken })).status).toBe(200);
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);
  });

  it("GreenCloud change (204): every other session's token dies", async () => {
    const user = await signUpVerified(t);
    const tokens = await otherTokens(user.email, user.token);
    const changed = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: 'N3w!passphrase' },
    });
    expect(changed.status).toBe(204);
    await expectRevoked(tokens);
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).status).toBe(200);
  });

  it('GraphQL change: the caller gets a fresh token, the other sessions die', async () => {
    const user = await signUpVerified(t);
    const tokens = await otherTokens(user.email, user.token);
    const reply = await gql(
      t.app,
      'mutation ($n: String!) { changePassword(newPassword: $n) { accessToken } }',
      { n: 'N3w!passphrase' },
      { token: user.token },
    );
    const fresh = reply.body.data.changePassword.accessToken;
    await expectRevoked(tokens);
    expect((await gql(t.app, '{ me { id } }', {}, { token: fresh })).body.data.me.id).toBe(user.id);
  });

  it('reset: every earlier token dies', async () => {
    const user = await signUpVerified(t);
    const tokens = [user.token, ...(await otherTokens(user.email, user.token))];
    const code = await requestResetCode(t, user.email);
    expect(
      (await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password: 'N3w!passphrase' } })).status,
    ).toBe(204);
    await expectRevoked(tokens);
    expect(
      (await rest(t.app, 'GET', '/users/me', { token: await login(t, user.email, 'N3w!passphrase') })).status,
    ).toBe(200);
  });

  it('a token revoked by a reset cannot change the password afterwards', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password: 'N3w!passphrase' } });
    const late = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: 'L4te!Quartz-walnut' },
    });
    expect([late.status, late.body.code]).toEqual([401, 'InvalidToken']);
    await login(t, user.email, 'N3w!passphrase');
  });

  it('two changes racing with one token: each applies or is refused, none is silently undone', async () => {
    const user = await signUpVerified(t);
    const replies = await Promise.all(
      ['R4ce!one-password', 'R4ce!two-password'].map((password) =>
        rest(t.app, 'PUT', '/api/user/password', { token: user.token, body: { password } }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    // Both may finish their checks before either writes; the version condition lets one through
    // (the loser read a password that no longer holds).
    expect(statuses[0]).toBe(204);
    if (statuses[1] !== 204) expect(replies.find((r) => r.status !== 204)!.body.code).toBe('InvalidToken');
    // The caller's session survives a change, so the two may also run one after the other and
    // both apply; either way every 204 is one applied change, and no refused one was applied.
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.tokenVersion).toBe(replies.filter((r) => r.status === 204).length);
  });
});
