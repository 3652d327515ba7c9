import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified } from '../support/http.js';
import { WRONG_PASSWORD } from '../support/abuse.js';
import { expectAlive } from '../sessions/sessions.support.js';

// Threat (issue 13): whoever holds a stolen account token deletes the account, or guesses the
// password through the deletion without limit. A wrong password must change nothing, and the
// guesses count against the same per-IP limit as password changes.
const t = useTestApp({ RATE_LIMIT_PASSWORD_CHANGE: '3/3600' });

describe('deleting an account with a wrong password', () => {
  it('changes nothing and is refused with InvalidOldPassword', async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'DELETE', '/users/me', {
      token: user.token,
      body: { password: WRONG_PASSWORD },
      clientIp: '192.0.2.10',
    });
    expect([reply.status, reply.body.code]).toEqual([403, 'InvalidOldPassword']);
    await expectAlive(t, user.token);
    expect(await t.db.prisma.user.count({ where: { id: user.id } })).toBe(1);
    // The refused attempt is in the owner's trail.
    await t.app.services.events.flush();
    const events = await gql(
      t.app,
      `{ events { edges { node { input output { httpStatusCode } } } } }`,
      {},
      {
        token: user.token,
      },
    );
    expect(
      events.body.data.events.edges.some(
        (e: any) => e.node.input.operationName === 'deleteMyAccount' && e.node.output.httpStatusCode === 403,
      ),
    ).toBe(true);
  });

  it('meets the per-IP limit of password changes, even with the right password afterwards', async () => {
    const user = await signUpVerified(t);
    const clientIp = '192.0.2.20';
    for (let i = 0; i < 3; i++) {
      const reply = await rest(t.app, 'DELETE', '/users/me', {
        token: user.token,
        body: { password: WRONG_PASSWORD },
        clientIp,
      });
      expect(reply.body.code).toBe('InvalidOldPassword');
    }
    const limited = await rest(t.app, 'DELETE', '/users/me', {
      token: user.token,
      body: { password: user.password },
      clientIp,
    });
    expect([limited.status, limited.body.code]).toEqual([429, 'TooManyRequests']);
    expect(await t.db.prisma.user.count({ where: { id: user.id } })).toBe(1);
  });
});
