import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUpVerified } from '../support/http.js';
import { advanceClock, basicLogin, failLogins, freshIp, retryAfter, WRONG_PASSWORD } from '../support/abuse.js';

// A lockout must never become a way to lock a victim out: it binds only the offending IP, every
// wait ends by itself (15 minutes at most), and nothing is written on the account.
const t = useTestApp({
  LOGIN_LOCKOUT_THRESHOLD: '5',
  LOGIN_LOCKOUT_STEP_SECONDS: '60',
  LOGIN_LOCKOUT_MAX_SECONDS: '900',
  LOGIN_FAILURE_WINDOW_SECONDS: '43200',
});
afterEach(() => {
  vi.useRealTimers();
});

describe('no permanent lockout', () => {
  it('attackers on many IPs lock only themselves: the owner logs in throughout', async () => {
    const user = await signUpVerified(t);
    const owner = freshIp();
    for (let round = 0; round < 4; round++) {
      const attacker = freshIp();
      expect(retryAfter(await failLogins(t, user.email, attacker, 5))).toBe(60);
      expect(retryAfter(await basicLogin(t, user.email, PASSWORD, attacker))).toBeGreaterThan(0);
      // The owner, interleaved with the attack, with email and with user id.
      expect((await basicLogin(t, user.email, PASSWORD, owner)).status).toBe(200);
      expect((await basicLogin(t, user.id, PASSWORD, owner)).status).toBe(200);
    }
  });

  it('however long the attack, every wait ends within 15 minutes, then the right password works', async () => {
    const user = await signUpVerified(t);
    const attacker = freshIp();
    let wait = retryAfter(await failLogins(t, user.email, attacker, 5))!;
    for (let lockout = 2; lockout <= 40; lockout++) {
      advanceClock(wait + 1);
      wait = retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, attacker))!;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(900);
    }
    expect(wait).toBe(900);
    advanceClock(wait + 1);
    const right = await basicLogin(t, user.email, PASSWORD, attacker);
    expect(right.status).toBe(200);
  });

  it('after 12 quiet hours the attacking IP starts from zero', async () => {
    const user = await signUpVerified(t);
    const attacker = freshIp();
    let wait = retryAfter(await failLogins(t, user.email, attacker, 5))!;
    for (let lockout = 2; lockout <= 10; lockout++) {
      advanceClock(wait + 1);
      wait = retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, attacker))!;
    }
    advanceClock(12 * 3600 + 1);
    expect(retryAfter(await failLogins(t, user.email, attacker, 4))).toBeUndefined();
    expect(retryAfter(await basicLogin(t, user.email, WRONG_PASSWORD, attacker))).toBe(60);
  });

  it('the lock lives in expiring counters, not on the account, and names no account in clear', async () => {
    const user = await signUpVerified(t);
    const before = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const attacker = freshIp();
    await failLogins(t, user.email, attacker, 5);
    expect(retryAfter(await basicLogin(t, user.email, PASSWORD, attacker))).toBeGreaterThan(0);

    const after = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toEqual(before);
    // Tokens issued before the attack keep working.
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);

    const rows = await t.db.prisma.rateLimiterFlexible.findMany();
    const mine = rows.filter((row) => row.key.endsWith(`|${attacker}`));
    expect(mine.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.expire, row.key).not.toBeNull();
      expect(row.key).not.toContain(user.email.toLowerCase());
      expect(row.key).not.toContain(user.id);
    }
  });
});
