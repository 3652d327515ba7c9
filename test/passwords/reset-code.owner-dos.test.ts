import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, rest, signUpVerified } from '../support/http.js';
import { requestResetCode } from '../support/two-factor.js';

/**
 * Threat: voiding someone's reset code. Anyone who knows an email could send wrong codes naming
 * it; had they counted against the owner's live code, five would keep the owner from resetting.
 * Wrong codes change nothing; the 128-bit code and the per-IP limit stop guessing
 * (reset-code.brute-force.test.ts).
 */
const t = useTestApp();

const NEW_PASSWORD = 'Owner!gets-back-in7';

describe('wrong reset codes never void the owner code', () => {
  it('many wrong codes naming the account, from many IPs: the owner still resets', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    for (let i = 0; i < 20; i++) {
      const guess = i % 4 ? (i % 16).toString(16).repeat(32) : `nonsense-${i}`;
      const body = { email: i % 2 ? user.email : user.email.toUpperCase(), code: guess, password: NEW_PASSWORD };
      const wrong = await rest(t.app, 'PUT', '/api/user/resetPassword', { body, clientIp: `203.0.113.${i}` });
      expect([wrong.status, wrong.body.code]).toEqual([400, 'InvalidResetCode']);
    }
    const live = await t.db.prisma.oneTimeCode.findFirstOrThrow({
      where: { userId: user.id, purpose: 'reset_password', usedAt: null },
    });
    expect(live.attempts).toBe(0);
    const ok = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password: NEW_PASSWORD } });
    expect(ok.status, ok.text).toBe(204);
    await login(t, user.email, NEW_PASSWORD);
  });

  it('the same over GraphQL resetPassword, concurrently', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const mutation =
      'mutation($c: String!, $p: String!, $e: String) { resetPassword(code: $c, password: $p, email: $e) }';
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gql(t.app, mutation, { c: 'a'.repeat(31) + i.toString(16), p: NEW_PASSWORD, e: user.email }),
      ),
    );
    for (const reply of replies) expect(reply.body.errors?.[0]?.extensions?.code).toBe('InvalidResetCode');
    const ok = await gql(t.app, mutation, { c: code, p: NEW_PASSWORD, e: user.email });
    expect(ok.body.data?.resetPassword).toBe(true);
    await login(t, user.email, NEW_PASSWORD);
  });
});
