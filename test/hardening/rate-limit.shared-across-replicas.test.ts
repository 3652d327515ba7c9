import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { onPostgres } from '../support/db.js';
import { PASSWORD, rest, signUpVerified, uniqueEmail } from '../support/http.js';
import { basicLogin, freshIp, retryAfter, WRONG_PASSWORD } from '../support/abuse.js';

// Two app instances on one database, as two replicas behind a load balancer: every limit is
// enforced once, together. On PostgreSQL the second replica has its own connection pool; PGlite
// is one in-process connection, so there the two apps share it.
const ENV = {
  RATE_LIMIT_SIGNUP: '4/3600',
  RATE_LIMIT_RESET_REQUEST: '10/3600',
  LOGIN_LOCKOUT_THRESHOLD: '10',
};
let a: TestApp;
let b: TestApp;
let secondDb: Database | undefined;
beforeAll(async () => {
  a = await createTestApp(ENV);
  secondDb = onPostgres ? await openDatabase({ url: a.url, poolSize: 5 }) : undefined;
  b = await createTestApp(ENV, { db: secondDb ?? a.db, url: a.url });
});
afterAll(async () => {
  await b?.close();
  await secondDb?.close();
  await a?.close();
});

const signUpBody = () => ({
  email: uniqueEmail('replica'),
  password: PASSWORD,
  displayName: 'Replica',
  billingAddress: { address: '1 Main St', zipCode: '12345', state: 'CA', country: 'US' },
});

describe('limits shared across replicas', () => {
  it('a per-IP limit counts requests on both replicas together', async () => {
    const ip = freshIp();
    for (const t of [a, b, a, b]) {
      expect((await rest(t.app, 'POST', '/users', { body: signUpBody(), clientIp: ip })).status).toBe(201);
    }
    for (const t of [a, b]) {
      const reply = await rest(t.app, 'POST', '/users', { body: signUpBody(), clientIp: ip });
      expect(reply.status).toBe(429);
      expect(retryAfter(reply)).toBeGreaterThan(0);
    }
  });

  it('a concurrent burst split over both replicas gets exactly the limit through', async () => {
    const ip = freshIp();
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        rest((i % 2 ? a : b).app, 'POST', '/api/user/resetPassword', {
          body: { email: 'x@example.com' },
          clientIp: ip,
        }),
      ),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses.filter((s) => s === 204)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('a lockout earned on both replicas holds on both; the owner is unaffected on both', async () => {
    const user = await signUpVerified(a);
    const attacker = freshIp();
    for (let i = 0; i < 9; i++) {
      const reply = await basicLogin(i % 2 ? a : b, user.email, WRONG_PASSWORD, attacker);
      expect(retryAfter(reply)).toBeUndefined();
    }
    expect(retryAfter(await basicLogin(a, user.email, WRONG_PASSWORD, attacker))).toBe(60);
    for (const t of [a, b]) {
      const locked = await basicLogin(t, user.email, PASSWORD, attacker);
      expect(locked.status).toBe(401);
      expect(locked.body.code).toBe('InvalidCredentials');
      expect(retryAfter(locked)).toBeGreaterThan(0);
      expect((await basicLogin(t, user.email, PASSWORD, freshIp())).status).toBe(200);
    }
  });

  it('a concurrent burst of guesses over both replicas checks no more passwords than the threshold', async () => {
    const user = await signUpVerified(a);
    const attacker = freshIp();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => basicLogin(i % 2 ? a : b, user.email, WRONG_PASSWORD, attacker)),
    );
    expect(replies.every((reply) => reply.status === 401 && reply.body.code === 'InvalidCredentials')).toBe(true);
    // Attempts 1-9 are plain failures; the 10th starts the lockout; every other one is refused
    // unchecked. Without counting before checking, all 40 would have been plain failures.
    expect(replies.filter((reply) => retryAfter(reply) === undefined)).toHaveLength(9);
    // And the right password, sent now, is refused on both.
    for (const t of [a, b]) expect(retryAfter(await basicLogin(t, user.email, PASSWORD, attacker))).toBeGreaterThan(0);
  });
});
