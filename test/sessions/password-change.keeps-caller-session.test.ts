import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { apiKeySession, expectAlive, expectDead } from './sessions.support.js';

/**
 * Threat: a password change that logs out its own caller (Bloq's CLI goes on with its token
 * after update-password and got 401), or that leaves another session alive. The caller's session
 * keeps working; every other session (another login, an API-key session) ends.
 */
const t = useTestApp();

const NEW_PASSWORD = 'Chang3d!passphrase';

async function account() {
  const user = await signUpVerified(t);
  const other = await login(t, user.email, PASSWORD);
  const { token: viaKey } = await apiKeySession(t, user.token);
  return { user, others: [other, viaKey] };
}

describe('a password change keeps the caller session and ends the others', () => {
  it('Bloq PUT /users/me/password: the same token still reads GET /users/me', async () => {
    const { user, others } = await account();
    const changed = await rest(t.app, 'PUT', '/users/me/password', {
      token: user.token,
      body: { oldPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(200);
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);
    await expectAlive(t, changed.body.accessToken, 'token in the answer');
    for (const token of others) await expectDead(t, token, 'other session');
  });

  it('GreenCloud PUT /api/user/password (204): the caller goes on, the others end', async () => {
    const { user, others } = await account();
    const changed = await rest(t.app, 'PUT', '/api/user/password', {
      token: user.token,
      body: { password: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    await expectAlive(t, user.token, 'caller');
    for (const token of others) await expectDead(t, token, 'other session');
  });

  it('GraphQL changePassword: caller token and the fresh one work, the others end', async () => {
    const { user, others } = await account();
    const reply = await gql(
      t.app,
      'mutation ($n: String!) { changePassword(newPassword: $n) { accessToken } }',
      { n: NEW_PASSWORD },
      { token: user.token },
    );
    const fresh = reply.body.data.changePassword.accessToken as string;
    await expectAlive(t, user.token, 'caller');
    await expectAlive(t, fresh, 'fresh token');
    for (const token of others) await expectDead(t, token, 'other session');
    const sessions = await gql(t.app, '{ sessions { id current } }', {}, { token: fresh });
    expect(sessions.body.data.sessions).toHaveLength(1);
    expect(sessions.body.data.sessions[0].current).toBe(true);
  });
});
