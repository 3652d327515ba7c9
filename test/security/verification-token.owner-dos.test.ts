import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lastMailValue, useTestApp } from '../support/app.js';
import { gql, rest, signUp } from '../support/http.js';

/**
 * Threat: voiding someone's verification token. A user id appears in mails and URLs, an email is
 * easy to know; if wrong tokens counted against the owner's live one, anyone could send a few and
 * keep the owner from ever verifying. Wrong tokens change nothing; guessing is stopped by the
 * token's entropy and the per-IP limit (verification-token.brute-force.test.ts).
 */
const t = useTestApp();

describe('wrong verification tokens never void the owner token', () => {
  it('many wrong tokens by user id and by email, from many IPs: the owner still verifies', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    for (let i = 0; i < 20; i++) {
      const ref = i % 2 ? user.id : user.email;
      const guess = i % 3 ? randomUUID() : `not-a-uuid-${i}`;
      const wrong = await rest(t.app, 'PUT', `/users/${ref}/token/${guess}`, { clientIp: `203.0.113.${i}` });
      expect([wrong.status, wrong.body.code]).toEqual([400, 'InvalidVerificationToken']);
    }
    const live = await t.db.prisma.oneTimeCode.findFirstOrThrow({ where: { userId: user.id, usedAt: null } });
    expect(live.attempts).toBe(0);
    expect((await rest(t.app, 'PUT', `/users/${user.id}/token/${token}`)).status).toBe(204);
  });

  it('concurrent wrong tokens over GraphQL change nothing either', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    const mutation = 'mutation($u: String!, $t: String!) { verifyEmail(user: $u, token: $t) }';
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => gql(t.app, mutation, { u: user.email, t: randomUUID() })),
    );
    for (const reply of replies) expect(reply.body.errors?.[0]?.extensions?.code).toBe('InvalidVerificationToken');
    expect((await gql(t.app, mutation, { u: user.email, t: token })).body.data?.verifyEmail).toBe(true);
  });
});
