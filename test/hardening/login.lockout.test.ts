import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUpVerified } from '../support/http.js';
import {
  advanceClock,
  basicLogin,
  failLogins,
  freshIp,
  graphqlLogin,
  retryAfter,
  WRONG_PASSWORD,
} from '../support/abuse.js';

// The production numbers: 30 failures, 60 s more per lockout, at most 15 minutes, forgotten
// after 12 quiet hours. Time is moved with the clock, never slept.
const t = useTestApp({
  LOGIN_LOCKOUT_THRESHOLD: '30',
  LOGIN_LOCKOUT_STEP_SECONDS: '60',
  LOGIN_LOCKOUT_MAX_SECONDS: '900',
  LOGIN_FAILURE_WINDOW_SECONDS: '43200',
});
afterEach(() => {
  vi.useRealTimers();
});

const WRONG = { status: 401, body: { code: 'InvalidCredentials', message: 'The credentials are not valid.' } };

describe('password login lockout', () => {
  it('after 30 failures the right password gets the same 401 as a wrong one, plus Retry-After', async () => {
    const user = await signUpVerified(t);
    const attacker = freshIp();

    for (let i = 1; i <= 29; i++) {
      const reply = await basicLogin(t, user.email, WRONG_PASSWORD, attacker);
      expect({ status: reply.status, body: reply.body }).toEqual(WRONG);
      expect(retryAfter(reply), `failure ${i} must not lock yet`).toBeUndefined();
    }
    const thirtieth = await basicLogin(t, user.email, WRONG_PASSWORD, attacker);
    expect({ status: thirtieth.status, body: thirtieth.body }).toEqual(WRONG);
    expect(retryAfter(thirtieth)).toBe(60);

    const right = await basicLogin(t, user.email, PASSWORD, attacker);
    expect({ status: right.status, body: right.body }).toEqual(WRONG);
    expect(retryAfter(right)).toBeGreaterThan(0);
    expect(retryAfter(right)).toBeLessThanOrEqual(60);
    expect(right.body).not.toHaveProperty('accessToken');

    // The user id is the same account as the email: switching spelling buys nothing.
    const byId = await basicLogin(t, user.id, PASSWORD, attacker);
    expect({ status: byId.status, body: byId.body }).toEqual(WRONG);
    expect(retryAfter(byId)).toBeGreaterThan(0);

    // GraphQL is the same operation: same code, and Retry-After on the HTTP answer.
    const overGraphql = await graphqlLogin(t, user.email.toUpperCase(), PASSWORD, attacker);
    expect(overGraphql.body.data?.login ?? null).toBeNull();
    expect(overGraphql.body.errors?.[0]?.extensions).toMatchObject({ code: 'InvalidCredentials' });
    expect(retryAfter(overGraphql)).toBeGreaterThan(0);
  });

  it('another IP is not affected: the owner still logs in from theirs', async () => {
    const user = await signUpVerified(t);
    const attacker = freshIp();
    await failLogins(t, user.email, attacker, 30);
    expect(retryAfter(await basicLogin(t, user.email, PASSWORD, attacker))).toBeGreaterThan(0);

    const owner = await basicLogin(t, user.email, PASSWORD, freshIp());
    expect(owner.status).toBe(200);
    expect(owner.body.accessToken).toEqual(expect.any(String));
    const ownerToken = owner.body.accessToken as string;
    expect((await rest(t.app, 'GET', '/users/me', { token: ownerToken })).status).toBe(200);
    // A wrong password from yet another IP is an ordinary failure, not a lockout.
    expect(retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, freshIp()))).toBeUndefined();
  });

  it('the wait grows by 60 s per lockout, up to 15 minutes, one guess per lockout', async () => {
    const user = await signUpVerified(t);
    const attacker = freshIp();
    expect(retryAfter(await failLogins(t, user.email, attacker, 30))).toBe(60);

    let wait = 60;
    for (let lockout = 2; lockout <= 17; lockout++) {
      // Still locked a second before the end: refused unchecked, and the refusal changes nothing.
      advanceClock(wait - 1);
      const early = await basicLogin(t, user.email, WRONG_PASSWORD, attacker);
      expect(retryAfter(early)).toBe(1);
      advanceClock(2);
      const next = await basicLogin(t, user.email, WRONG_PASSWORD, attacker);
      expect(next.status).toBe(401);
      wait = Math.min(60 * lockout, 900);
      expect(retryAfter(next), `lockout ${lockout}`).toBe(wait);
    }
    expect(wait).toBe(900);

    // Once the wait is over, the right password works from the attacker's IP too, and clears the count.
    advanceClock(901);
    expect((await basicLogin(t, user.email, PASSWORD, attacker)).status).toBe(200);
    expect(retryAfter(await failLogins(t, user.email, attacker, 29))).toBeUndefined();
    expect(retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, attacker))).toBe(60);
  });

  it('a success resets the count of that account and IP', async () => {
    const user = await signUpVerified(t);
    const ip = freshIp();
    await failLogins(t, user.email, ip, 29);
    expect((await basicLogin(t, user.email, PASSWORD, ip)).status).toBe(200);
    expect(retryAfter(await failLogins(t, user.email, ip, 29))).toBeUndefined();
    expect(retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, ip))).toBe(60);
  });

  it('the count resets after 12 hours of quiet, and only of quiet', async () => {
    const user = await signUpVerified(t);
    const ip = freshIp();

    // 20 failures, 11 h, 5 more, 2 h: 13 h after the first failure but only 2 h of quiet. A
    // window counted from the first failure would have forgotten the 20; a quiet window does not.
    await failLogins(t, user.email, ip, 20);
    advanceClock(11 * 3600);
    await failLogins(t, user.email, ip, 5);
    advanceClock(2 * 3600);
    expect(retryAfter(await failLogins(t, user.email, ip, 4))).toBeUndefined();
    expect(retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, ip))).toBe(60);

    // Twelve quiet hours later (the lockout long over) everything is forgotten.
    advanceClock(12 * 3600 + 1);
    expect(retryAfter(await failLogins(t, user.email, ip, 29))).toBeUndefined();
    expect(retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, ip))).toBe(60);
  });

  it('unknown accounts lock like real ones, so a lockout tells nothing about existence', async () => {
    const ip = freshIp();
    const ghost = 'nobody-lockout@example.com';
    const last = await failLogins(t, ghost, ip, 30);
    expect({ status: last.status, body: last.body }).toEqual(WRONG);
    expect(retryAfter(last)).toBe(60);
    const again = await basicLogin(t, ghost, PASSWORD, ip);
    expect({ status: again.status, body: again.body }).toEqual(WRONG);
    expect(retryAfter(again)).toBeGreaterThan(0);
  });
});

describe('API-key login lockout', () => {
  it('30 wrong keys lock API-key login for that IP; the right key still works elsewhere', async () => {
    const user = await signUpVerified(t);
    const apiKey = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body.apiKey as string;
    const attacker = freshIp();
    const tryKey = (key: string, clientIp: string) =>
      rest(t.app, 'POST', '/api/auth/apiKey', { body: { key }, clientIp });

    // A key guesser tries a new key each time: the count is per IP, across keys.
    let last = await tryKey('00000000-0000-4000-8000-000000000000', attacker);
    for (let i = 1; i < 30; i++)
      last = await tryKey(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, attacker);
    expect(last.status).toBe(401);
    expect(last.body.code).toBe('InvalidApiKey');
    expect(retryAfter(last)).toBe(60);

    const right = await tryKey(apiKey, attacker);
    expect(right.status).toBe(401);
    expect(right.body).toEqual({ code: 'InvalidApiKey', message: expect.any(String) });
    expect(retryAfter(right)).toBeGreaterThan(0);

    const elsewhere = await tryKey(apiKey, freshIp());
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.accessToken).toEqual(expect.any(String));
  });
});
