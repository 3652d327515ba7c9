import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { login, rest, signUpVerified } from '../support/http.js';
import { requestResetCode } from '../support/two-factor.js';

/** Threat: using one reset code twice (a leaked mail, a replayed request, two racing requests). */
const t = useTestApp();

describe('reset code reuse', () => {
  it('a code works once: the second use is 400 InvalidResetCode and the password stays the first one', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const first = await rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password: 'F1rst!password' } });
    expect(first.status).toBe(204);
    for (const [method, path] of [
      ['PUT', '/api/user/resetPassword'],
      ['POST', '/api/user/setPassword'],
    ] as const) {
      const again = await rest(t.app, method, path, { body: { code, password: 'S3cond!password' } });
      expect([again.status, again.body.code]).toEqual([400, 'InvalidResetCode']);
    }
    await login(t, user.email, 'F1rst!password');
  });

  it('two simultaneous uses of one code: exactly one wins', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const replies = await Promise.all(
      ['R4ce!one-password', 'R4ce!two-password', 'R4ce!three-password'].map((password) =>
        rest(t.app, 'PUT', '/api/user/resetPassword', { body: { code, password } }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([204, 400, 400]);
    for (const loser of replies.filter((r) => r.status !== 204)) expect(loser.body.code).toBe('InvalidResetCode');
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.tokenVersion).toBe(1);
  });

  it('the code is stored only as a hash', async () => {
    const user = await signUpVerified(t);
    const code = await requestResetCode(t, user.email);
    const rows = await t.db.prisma.oneTimeCode.findMany({ where: { userId: user.id, purpose: 'reset_password' } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
  });
});
