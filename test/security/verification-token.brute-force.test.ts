import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, lastMailValue, type TestApp, useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUp } from '../support/http.js';

// Guessing a verification token is bounded: each wrong try counts, after the cap even the right
// token is refused, and a token dies when it expires. A new sign-up sends a fresh one.

const MAX_ATTEMPTS = 3;
const t = useTestApp({ VERIFICATION_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });

const verify = (app: TestApp, user: string, token: string) => rest(app.app, 'PUT', `/users/${user}/token/${token}`);

describe('verification token brute force', () => {
  it(`after ${MAX_ATTEMPTS} wrong tries even the right token is refused`, async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const wrong = await verify(t, user.id, randomUUID());
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('InvalidVerificationToken');
    }
    const right = await verify(t, user.id, token);
    expect(right.status).toBe(400);
    expect(right.body.code).toBe('InvalidVerificationToken');
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).verifiedAt).toBeNull();

    // The owner recovers by signing up again, which mails a fresh token.
    const again = await rest(t.app, 'POST', '/users', { body: { email: user.email, password: PASSWORD } });
    expect(again.status).toBe(409);
    const fresh = lastMailValue(t.config, user.email, 'Verification token');
    expect((await verify(t, user.id, fresh)).status).toBe(204);
  });

  it('one try short of the cap, the right token still works', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    for (let i = 0; i < MAX_ATTEMPTS - 1; i++) expect((await verify(t, user.id, randomUUID())).status).toBe(400);
    expect((await verify(t, user.id, token)).status).toBe(204);
  });

  it('malformed guesses count as tries too', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    for (let i = 0; i < MAX_ATTEMPTS; i++) expect((await verify(t, user.id, `guess-${i}`)).status).toBe(400);
    expect((await verify(t, user.id, token)).body.code).toBe('InvalidVerificationToken');
  });

  it('concurrent wrong guesses cannot exceed the cap', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    await Promise.all(Array.from({ length: MAX_ATTEMPTS * 3 }, () => verify(t, user.id, randomUUID())));
    expect((await verify(t, user.id, token)).body.code).toBe('InvalidVerificationToken');
  });
});

describe('verification token expiry', () => {
  let short: TestApp;
  beforeAll(async () => {
    short = await createTestApp({ VERIFICATION_TOKEN_TTL_SECONDS: '1' });
  });
  afterAll(() => short?.close());

  it('an expired token answers VerificationTokenExpired, and a fresh one works', async () => {
    const user = await signUp(short);
    const token = lastMailValue(short.config, user.email, 'Verification token');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await verify(short, user.id, token);
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({ code: 'VerificationTokenExpired', message: expect.any(String) });
    expect((await short.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).verifiedAt).toBeNull();

    await rest(short.app, 'POST', '/users', { body: { email: user.email, password: PASSWORD } });
    const fresh = lastMailValue(short.config, user.email, 'Verification token');
    expect((await verify(short, user.id, fresh)).status).toBe(204);
  });
});
