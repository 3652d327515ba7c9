import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/shared/ids.js';
import { mailsTo, useTestApp } from '../support/app.js';
import { gql, rest, uniqueEmail, type Reply } from '../support/http.js';

// Sign-ups and re-sign-ups of one email at the same moment. An unverified email belongs to the
// newest attempt, so every racer gets 201; what must hold whatever the interleaving is one row,
// exactly one live verification code, and that code is the one mailed for the attempt whose
// password and profile stand. On PostgreSQL the racers really overlap (a pool of connections);
// several rounds, fresh and pending accounts, make an unlucky interleaving come up every run.

const RACERS = 6;
const ROUNDS = 4;
const t = useTestApp();

// Each racer signs up from its own address, which its mail names: the mail tells the racers apart.
const racerIp = (i: number) => `198.51.100.${i + 10}`;
const racerPassword = (i: number) => `Racer!${i}-quartz-owl`;
const body = (email: string, i: number) => ({
  email,
  password: racerPassword(i),
  displayName: `Racer ${i}`,
  billingAddress: { address: `${i} Race St`, zipCode: '12345', state: 'CA', country: 'US' },
});
const signUpAs = (email: string, i: number) =>
  rest(t.app, 'POST', '/users', { body: body(email, i), clientIp: racerIp(i) });

/** The one attempt that stands: its live code, the racer whose mail carries it, and its token. */
async function theStandingAttempt(email: string): Promise<{ userId: string; racer: number; token: string }> {
  const rows = await t.db.prisma.user.findMany({ where: { emailKey: email.toLowerCase() } });
  expect(rows).toHaveLength(1);
  const userId = rows[0]!.id;
  const live = await t.db.prisma.oneTimeCode.findMany({
    where: { userId, purpose: 'verify_email', usedAt: null },
  });
  expect(live, 'live verification codes').toHaveLength(1);
  const mails = mailsTo(t.config, email).filter((mail) => {
    const token = /^Verification token: (\S+)$/m.exec(mail)?.[1];
    return token !== undefined && sha256(token) === live[0]!.codeHash;
  });
  expect(mails, 'mails carrying the live code').toHaveLength(1);
  const ip = /^From IP address:\n(\S+)$/m.exec(mails[0]!)?.[1];
  const racer = Array.from({ length: RACERS }, (_, i) => i).find((i) => racerIp(i) === ip);
  expect(racer, `racer of ${ip}`).toBeDefined();
  const token = /^Verification token: (\S+)$/m.exec(mails[0]!)![1]!;
  return { userId, racer: racer!, token };
}

/** The standing attempt verifies, and then only its racer's password logs in. */
async function expectOnlyTheStandingAttemptWins(email: string) {
  const { userId, racer, token } = await theStandingAttempt(email);
  const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  expect(row.displayName).toBe(`Racer ${racer}`);
  expect((await rest(t.app, 'PUT', `/users/${userId}/token/${token}`)).status).toBe(204);
  for (let i = 0; i < RACERS; i++) {
    const login = await rest(t.app, 'POST', '/auth', { basic: { username: email, password: racerPassword(i) } });
    expect(login.status, `racer ${i} (standing: ${racer})`).toBe(i === racer ? 200 : 401);
  }
}

const statusesOf = (replies: Reply[]) => replies.map((reply) => reply.status).join(',');

describe('simultaneous sign-ups for one email', () => {
  it(`${RACERS} at once on a fresh email (${ROUNDS} rounds): all 201, one row, one live code`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const email = uniqueEmail(`race${round}`);
      // Differently cased spellings of one address race too: they are the same account.
      const spellings = [email, email.toUpperCase(), email];
      const replies = await Promise.all(Array.from({ length: RACERS }, (_, i) => signUpAs(spellings[i % 3]!, i)));
      expect(statusesOf(replies)).toBe(Array(RACERS).fill(201).join(','));
      // Every racer was answered with the one account.
      expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
      await expectOnlyTheStandingAttemptWins(email);
    }
  });

  it(`${RACERS} re-sign-ups at once on a pending account (${ROUNDS} rounds): one live code`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const email = uniqueEmail(`rerace${round}`);
      expect((await signUpAs(email, 0)).status).toBe(201);
      const replies = await Promise.all(Array.from({ length: RACERS }, (_, i) => signUpAs(email, i)));
      expect(statusesOf(replies)).toBe(Array(RACERS).fill(201).join(','));
      await expectOnlyTheStandingAttemptWins(email);
    }
  });

  it('re-sign-ups racing a verification: the verified account opens with the verified attempt only', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const email = uniqueEmail(`verace${round}`);
      const first = await signUpAs(email, 0);
      const token = /^Verification token: (\S+)$/m.exec(mailsTo(t.config, email).at(-1)!)![1]!;
      const [verified, ...again] = await Promise.all([
        rest(t.app, 'PUT', `/users/${first.body.id}/token/${token}`),
        ...[1, 2, 3].map((i) => signUpAs(email, i)),
      ]);
      const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: first.body.id } });
      if (verified!.status === 204) {
        // The token was live when it was spent, so no re-sign-up came before it; all after it see a verified email.
        expect(statusesOf(again)).toBe('409,409,409');
        const login = await rest(t.app, 'POST', '/auth', { basic: { username: email, password: racerPassword(0) } });
        expect(login.status).toBe(200);
      } else {
        expect(verified!.body.code).toBe('InvalidVerificationToken');
        expect(row.verifiedAt).toBeNull();
        const live = await t.db.prisma.oneTimeCode.count({
          where: { userId: row.id, purpose: 'verify_email', usedAt: null },
        });
        expect(live).toBe(1);
      }
    }
  });

  it('the same holds over GraphQL', async () => {
    const email = uniqueEmail('race-gql');
    const replies = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        gql(
          t.app,
          `mutation($input: SignUpInput!) { signUp(input: $input) { id } }`,
          { input: { email, password: racerPassword(i), displayName: `Racer ${i}` } },
          { clientIp: racerIp(i) },
        ),
      ),
    );
    expect(replies.map((reply) => reply.body.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(Array(RACERS).fill('ok'));
    await expectOnlyTheStandingAttemptWins(email);
  });

  it('a verified email stays taken: racers all get 409 EmailTaken and change nothing', async () => {
    const email = uniqueEmail('race-taken');
    const first = await signUpAs(email, 0);
    const token = /^Verification token: (\S+)$/m.exec(mailsTo(t.config, email).at(-1)!)![1]!;
    expect((await rest(t.app, 'PUT', `/users/${first.body.id}/token/${token}`)).status).toBe(204);
    const replies = await Promise.all(Array.from({ length: RACERS }, (_, i) => signUpAs(email, i)));
    expect(statusesOf(replies)).toBe(Array(RACERS).fill(409).join(','));
    for (const reply of replies) expect(reply.body).toEqual({ code: 'EmailTaken', message: expect.any(String) });
    const login = await rest(t.app, 'POST', '/auth', { basic: { username: email, password: racerPassword(0) } });
    expect(login.status).toBe(200);
  });
});
