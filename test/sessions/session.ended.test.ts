import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { expectAlive, expectDead } from './sessions.support.js';

/**
 * Threat: a token that outlives the session its owner ended (logout, "end this session", "end
 * all others"), and one user ending another's session. An ended session's token is refused at
 * once; the other sessions live; another user's session id is SessionNotFound, like no session.
 */
const t = useTestApp();

const sessionsOf = async (token: string) =>
  (await gql(t.app, '{ sessions { id current } }', {}, { token })).body.data.sessions as {
    id: string;
    current: boolean;
  }[];

describe('ending sessions', () => {
  it('REST DELETE /auth logs the token out (204); other sessions live', async () => {
    const user = await signUpVerified(t);
    const other = await login(t, user.email, PASSWORD);
    const out = await rest(t.app, 'DELETE', '/auth', { token: user.token });
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    await expectDead(t, user.token, 'logged-out token');
    await expectAlive(t, other, 'other session');
    const again = await rest(t.app, 'DELETE', '/auth', { token: user.token });
    expect([again.status, again.body.code]).toEqual([401, 'InvalidToken']);
    const anonymous = await rest(t.app, 'DELETE', '/auth');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'Unauthenticated']);
  });

  it('GraphQL logout ends the current session only', async () => {
    const user = await signUpVerified(t);
    const other = await login(t, user.email, PASSWORD);
    expect((await gql(t.app, 'mutation { logout }', {}, { token: other })).body.data.logout).toBe(true);
    await expectDead(t, other, 'logged-out token');
    await expectAlive(t, user.token, 'caller of nothing');
  });

  it('endSession ends the named session; endOtherSessions ends all but the current', async () => {
    const user = await signUpVerified(t);
    const second = await login(t, user.email, PASSWORD);
    const third = await login(t, user.email, PASSWORD);
    const listed = await sessionsOf(user.token);
    expect(listed).toHaveLength(3);
    const secondId = (await sessionsOf(second)).find((s) => s.current)!.id;

    const ended = await gql(
      t.app,
      'mutation ($id: ID!) { endSession(id: $id) }',
      { id: secondId },
      { token: user.token },
    );
    expect(ended.body.data.endSession).toBe(true);
    await expectDead(t, second, 'ended session');
    await expectAlive(t, third, 'third session');

    const count = await gql(t.app, 'mutation { endOtherSessions }', {}, { token: user.token });
    expect(count.body.data.endOtherSessions).toBe(1);
    await expectDead(t, third, 'other session');
    await expectAlive(t, user.token, 'current session');
    expect(await sessionsOf(user.token)).toEqual([{ id: expect.any(String), current: true }]);
  });

  it("cannot end another user's session: SessionNotFound, and it lives", async () => {
    const victim = await signUpVerified(t);
    const attacker = await signUpVerified(t);
    const victimSession = (await sessionsOf(victim.token))[0]!.id;
    for (const id of [victimSession, 'session-00000000-0000-4000-8000-000000000000', 'not-a-session']) {
      const reply = await gql(t.app, 'mutation ($id: ID!) { endSession(id: $id) }', { id }, { token: attacker.token });
      expect(reply.body.errors?.[0]?.extensions?.code, id).toBe('SessionNotFound');
    }
    await expectAlive(t, victim.token, 'victim');
  });
});
