import { describe, expect, it } from 'vitest';
import { lastMailValue, mailsTo, useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUp } from '../support/http.js';

// A verification token works once, and only the newest one a user was sent works at all.

const t = useTestApp();

const verify = (user: string, token: string) => rest(t.app, 'PUT', `/users/${encodeURIComponent(user)}/token/${token}`);

async function signUpAgain(email: string) {
  return rest(t.app, 'POST', '/users', { body: { email, password: PASSWORD, displayName: 'Again' } });
}

describe('verification token reuse', () => {
  it('a spent token cannot be used a second time', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    expect((await verify(user.id, token)).status).toBe(204);
    const again = await verify(user.id, token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('UserVerified');
    const byEmail = await verify(user.email, token);
    expect(byEmail.body.code).toBe('UserVerified');
    // The account stays verified exactly once.
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.verifiedAt).toBeInstanceOf(Date);
    const codes = await t.db.prisma.oneTimeCode.findMany({ where: { userId: user.id } });
    expect(codes.every((code) => code.usedAt !== null)).toBe(true);
  });

  it('a spent token stays spent even if the account were unverified again', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    expect((await verify(user.id, token)).status).toBe(204);
    // Simulates any later path that clears verification: the old token must not bring it back.
    await t.db.prisma.user.update({ where: { id: user.id }, data: { verifiedAt: null } });
    const reuse = await verify(user.id, token);
    expect(reuse.status).toBe(400);
    expect(reuse.body.code).toBe('InvalidVerificationToken');
  });

  it('a repeat sign-up mails a newer token that supersedes the old one', async () => {
    const user = await signUp(t);
    const first = lastMailValue(t.config, user.email, 'Verification token');
    const repeat = await signUpAgain(user.email);
    expect(repeat.status).toBe(201);
    expect(repeat.body.id).toBe(user.id);
    expect(mailsTo(t.config, user.email)).toHaveLength(2);
    const second = lastMailValue(t.config, user.email, 'Verification token');
    expect(second).not.toBe(first);

    const old = await verify(user.id, first);
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('InvalidVerificationToken');
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).verifiedAt).toBeNull();
    expect((await verify(user.id, second)).status).toBe(204);
  });

  it('two racing uses of one token: exactly one succeeds', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    const replies = await Promise.all([0, 1, 2, 3].map(() => verify(user.id, token)));
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 204)) {
      expect(['UserVerified', 'InvalidVerificationToken']).toContain(reply.body.code);
    }
  });

  it('the same holds over GraphQL', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    const mutation = `mutation($u: String!, $t: String!) { verifyEmail(user: $u, token: $t) }`;
    expect((await gql(t.app, mutation, { u: user.id, t: token })).body.data.verifyEmail).toBe(true);
    const again = await gql(t.app, mutation, { u: user.id, t: token });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('UserVerified');
  });
});
