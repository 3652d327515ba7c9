import { describe, expect, it } from 'vitest';
import { mailsTo, useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, uniqueEmail } from '../support/http.js';

// Several sign-ups for one email at the same moment: the unique index on the lower-cased email
// lets exactly one through; every other one is an ordinary 409, never a 500 or a second row.

const RACERS = 6;
const t = useTestApp();

const body = (email: string, i: number) => ({
  email,
  password: PASSWORD,
  displayName: `Racer ${i}`,
  billingAddress: { address: `${i} Race St`, zipCode: '12345', state: 'CA', country: 'US' },
});

describe('simultaneous sign-ups for one email', () => {
  it(`${RACERS} at once: exactly one 201, the others 409 EmailTaken, one row`, async () => {
    const email = uniqueEmail('race');
    // Differently cased spellings of one address race too: they are the same account.
    const spellings = [email, email.toUpperCase(), email];
    const replies = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => rest(t.app, 'POST', '/users', { body: body(spellings[i % 3]!, i) })),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(
      statuses.filter((s) => s === 201),
      statuses.join(','),
    ).toHaveLength(1);
    expect(
      statuses.filter((s) => s === 409),
      statuses.join(','),
    ).toHaveLength(RACERS - 1);
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.body).toEqual({ code: 'EmailTaken', message: expect.any(String) });
    }
    const rows = await t.db.prisma.user.findMany({ where: { emailKey: email.toLowerCase() } });
    expect(rows).toHaveLength(1);
    const winner = replies.find((r) => r.status === 201)!;
    expect(rows[0]!.id).toBe(winner.body.id);
    // The winner has a live verification code: the losers did not leave it without one.
    const live = await t.db.prisma.oneTimeCode.count({
      where: { userId: rows[0]!.id, purpose: 'verify_email', usedAt: null },
    });
    expect(live).toBe(1);
    expect(mailsTo(t.config, rows[0]!.email).length).toBeGreaterThanOrEqual(1);
  });

  it('the same holds over GraphQL', async () => {
    const email = uniqueEmail('race-gql');
    const replies = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        gql(t.app, `mutation($input: SignUpInput!) { signUp(input: $input) { id } }`, {
          input: { email, password: PASSWORD, displayName: `Racer ${i}` },
        }),
      ),
    );
    const codes = replies.map((reply) => reply.body.errors?.[0]?.extensions?.code ?? 'ok');
    expect(
      codes.filter((c) => c === 'ok'),
      codes.join(','),
    ).toHaveLength(1);
    expect(
      codes.filter((c) => c === 'EmailTaken'),
      codes.join(','),
    ).toHaveLength(RACERS - 1);
    expect(await t.db.prisma.user.count({ where: { emailKey: email } })).toBe(1);
  });

  it('several rounds in a row stay exact', async () => {
    for (let round = 0; round < 3; round++) {
      const email = uniqueEmail(`race${round}`);
      const replies = await Promise.all([0, 1, 2].map((i) => rest(t.app, 'POST', '/users', { body: body(email, i) })));
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    }
  });
});
