import { describe, expect, it } from 'vitest';
import { lastMailValue, mailsTo, useTestApp } from '../support/app.js';
import { gql, rest, uniqueEmail } from '../support/http.js';

/**
 * Threat: sign up first, own the account later. An attacker signs up with the victim's email and
 * the attacker's password; the victim, signing up, must not end up verifying the attacker's
 * attempt. The newest sign-up replaces the pending one (password and profile), every older token
 * dies, and each mail says when and from which address its sign-up came.
 */
const t = useTestApp();

const ATTACKER = { ip: '203.0.113.66', password: 'Mallory!owns-7accounts', displayName: 'Mallory' };
const VICTIM = { ip: '198.51.100.7', password: 'Victor!keeps-9quartz', displayName: 'Victor Owner' };

const signUpAs = (email: string, who: typeof ATTACKER) =>
  rest(t.app, 'POST', '/users', {
    body: { email, password: who.password, displayName: who.displayName },
    clientIp: who.ip,
  });
const loginStatus = async (email: string, password: string) =>
  (await rest(t.app, 'POST', '/auth', { basic: { username: email, password } })).status;

describe('signing up again on an unverified email', () => {
  it("the victim's sign-up replaces the attacker's: only the victim's password logs in", async () => {
    const email = uniqueEmail('victim');
    const attacker = await signUpAs(email, ATTACKER);
    expect(attacker.status).toBe(201);
    // The attacker never reads this mail, but assume the worst: the token leaked.
    const attackerToken = lastMailValue(t.config, email, 'Verification token');

    const victim = await signUpAs(email, VICTIM);
    expect(victim.status).toBe(201);
    expect(victim.body.displayName).toBe(VICTIM.displayName);
    const victimToken = lastMailValue(t.config, email, 'Verification token');
    expect(victimToken).not.toBe(attackerToken);

    const stale = await rest(t.app, 'PUT', `/users/${victim.body.id}/token/${attackerToken}`);
    expect([stale.status, stale.body.code]).toEqual([400, 'InvalidVerificationToken']);
    expect((await rest(t.app, 'PUT', `/users/${email}/token/${victimToken}`)).status).toBe(204);

    expect(await loginStatus(email, VICTIM.password)).toBe(200);
    expect(await loginStatus(email, ATTACKER.password)).toBe(401);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { emailKey: email } });
    expect(row.displayName).toBe(VICTIM.displayName);
    // And the attacker's token stays dead after verification too.
    const late = await rest(t.app, 'PUT', `/users/${row.id}/token/${attackerToken}`);
    expect(late.body.code).toBe('UserVerified');
  });

  it('each mail says when and from which IP address its sign-up came', async () => {
    const email = uniqueEmail('origin');
    const before = Date.now();
    await signUpAs(email, ATTACKER);
    await signUpAs(email, VICTIM);
    const [first, second] = mailsTo(t.config, email);
    expect(first).toMatch(new RegExp(`^From IP address:\\n${ATTACKER.ip.replace(/\./g, '\\.')}$`, 'm'));
    expect(second).toMatch(new RegExp(`^From IP address:\\n${VICTIM.ip.replace(/\./g, '\\.')}$`, 'm'));
    const when = Date.parse(/^Signed up at: (\S+)$/m.exec(second!)![1]!);
    expect(when).toBeGreaterThanOrEqual(before - 1000);
    expect(when).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('an attacker who signs up again after the victim kills the victim token, but cannot verify', async () => {
    const email = uniqueEmail('again');
    await signUpAs(email, VICTIM);
    const victimToken = lastMailValue(t.config, email, 'Verification token');
    const attacker = await signUpAs(email, ATTACKER);
    expect(attacker.status).toBe(201);
    const stale = await rest(t.app, 'PUT', `/users/${email}/token/${victimToken}`);
    expect(stale.body.code).toBe('InvalidVerificationToken');
    // The attacker's token only ever reaches the victim's mailbox, which names the attacker's IP;
    // the victim signs up again and the newest attempt, the victim's, is the one that verifies.
    expect(mailsTo(t.config, email).at(-1)).toContain(ATTACKER.ip);
    await signUpAs(email, VICTIM);
    expect(
      (await rest(t.app, 'PUT', `/users/${email}/token/${lastMailValue(t.config, email, 'Verification token')}`))
        .status,
    ).toBe(204);
    expect(await loginStatus(email, VICTIM.password)).toBe(200);
    expect(await loginStatus(email, ATTACKER.password)).toBe(401);
  });

  it('the same over GraphQL signUp', async () => {
    const email = uniqueEmail('victim-gql');
    const mutation = 'mutation($input: SignUpInput!) { signUp(input: $input) { id displayName } }';
    const attack = await gql(t.app, mutation, { input: { email, password: ATTACKER.password, name: 'Mallory' } });
    expect(attack.body.errors).toBeUndefined();
    const attackerToken = lastMailValue(t.config, email, 'Verification token');
    const own = await gql(
      t.app,
      mutation,
      { input: { email, password: VICTIM.password, displayName: VICTIM.displayName } },
      { clientIp: VICTIM.ip },
    );
    expect(own.body.data?.signUp.displayName).toBe(VICTIM.displayName);
    const verify = 'mutation($u: String!, $t: String!) { verifyEmail(user: $u, token: $t) }';
    const stale = await gql(t.app, verify, { u: email, t: attackerToken });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe('InvalidVerificationToken');
    const token = lastMailValue(t.config, email, 'Verification token');
    expect((await gql(t.app, verify, { u: email, t: token })).body.data?.verifyEmail).toBe(true);
    expect(await loginStatus(email, VICTIM.password)).toBe(200);
    expect(await loginStatus(email, ATTACKER.password)).toBe(401);
  });

  it('a verified email stays taken: 409 EmailTaken, and the owner keeps the account', async () => {
    const email = uniqueEmail('taken');
    await signUpAs(email, VICTIM);
    await rest(t.app, 'PUT', `/users/${email}/token/${lastMailValue(t.config, email, 'Verification token')}`);
    const late = await signUpAs(email, ATTACKER);
    expect(late.status).toBe(409);
    expect(late.body).toEqual({ code: 'EmailTaken', message: expect.any(String) });
    expect(mailsTo(t.config, email)).toHaveLength(1);
    expect(await loginStatus(email, VICTIM.password)).toBe(200);
    expect(await loginStatus(email, ATTACKER.password)).toBe(401);
  });
});
