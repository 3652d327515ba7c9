import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, lastMailValue, type TestApp, useTestApp } from '../support/app.js';
import { rest, signUp, uniqueEmail } from '../support/http.js';

// Guessing a verification token: a UUID v4 has 122 random bits, and each client IP gets
// RATE_LIMIT_VERIFY tries; a guesser is stopped there. Wrong tries do not spend the owner's
// token (verification-token.owner-dos.test.ts), and a token dies when it expires.

const PER_IP = 5;
const t = useTestApp({ RATE_LIMIT_VERIFY: `${PER_IP}/3600` });

const verify = (app: TestApp, user: string, token: string, clientIp = '203.0.113.9') =>
  rest(app.app, 'PUT', `/users/${user}/token/${token}`, { clientIp });

describe('verification token brute force', () => {
  it(`a guesser gets ${PER_IP} tries per IP, then 429 TooManyRequests, whatever the guess`, async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    const ip = '203.0.113.10';
    for (let i = 0; i < PER_IP; i++) {
      const wrong = await verify(t, user.id, randomUUID(), ip);
      expect([wrong.status, wrong.body.code]).toEqual([400, 'InvalidVerificationToken']);
    }
    const stopped = await verify(t, user.id, randomUUID(), ip);
    expect([stopped.status, stopped.body.code]).toEqual([429, 'TooManyRequests']);
    // Even the right token is not tried from that IP any more: the limit is on guessing, not on the guess.
    expect((await verify(t, user.id, token, ip)).status).toBe(429);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).verifiedAt).toBeNull();
  });

  it('malformed guesses are refused like wrong ones and count against the IP too', async () => {
    const user = await signUp(t);
    const ip = '203.0.113.11';
    for (let i = 0; i < PER_IP; i++) {
      expect((await verify(t, user.id, `guess-${i}`, ip)).body.code).toBe('InvalidVerificationToken');
    }
    expect((await verify(t, user.id, 'guess-x', ip)).status).toBe(429);
  });

  it('concurrent guesses cannot get past the per-IP limit', async () => {
    const user = await signUp(t);
    const ip = '203.0.113.12';
    const replies = await Promise.all(Array.from({ length: PER_IP * 3 }, () => verify(t, user.id, randomUUID(), ip)));
    expect(replies.filter((reply) => reply.status === 400)).toHaveLength(PER_IP);
    expect(replies.filter((reply) => reply.status === 429)).toHaveLength(PER_IP * 2);
  });
});

describe('verification token expiry', () => {
  let short: TestApp;
  beforeAll(async () => {
    short = await createTestApp({ VERIFICATION_TOKEN_TTL_SECONDS: '1' });
  });
  afterAll(() => short?.close());

  it('an expired token answers VerificationTokenExpired, and a fresh one works', async () => {
    const email = uniqueEmail('expiry');
    const user = await signUp(short, email);
    const token = lastMailValue(short.config, user.email, 'Verification token');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await verify(short, user.id, token);
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({ code: 'VerificationTokenExpired', message: expect.any(String) });
    expect((await short.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).verifiedAt).toBeNull();

    // Signing up again mails a fresh token (and the newest sign-up's password stands).
    expect((await signUp(short, email)).id).toBe(user.id);
    const fresh = lastMailValue(short.config, user.email, 'Verification token');
    expect((await verify(short, user.id, fresh)).status).toBe(204);
  });
});
