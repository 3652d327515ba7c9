import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { signUpVerified } from '../support/http.js';
import { cookiePair, cookiePost } from './cookie.js';

const t = useTestApp();

// A page on another site makes the browser POST to /account/session/refresh with the cookie
// (if SameSite ever let it through): without our custom header and Origin, nothing is minted.
describe('the keep-me-signed-in cookie refuses cross-site requests', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict cookie scoped to /account/session', async () => {
    const { token } = await signUpVerified(t);
    const kept = await cookiePost(t, 'keep', { authorization: `Bearer ${token}` });
    expect(kept.status).toBe(204);
    const attributes = kept.setCookie!.split(';').map((part) => part.trim());
    expect(attributes).toEqual(
      expect.arrayContaining(['Path=/account/session', 'HttpOnly', 'Secure', 'SameSite=Strict']),
    );
    const refreshed = await cookiePost(t, 'refresh', { cookie: cookiePair(kept.setCookie) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).toMatch(/^ey/);
  });

  it('refuses without X-Requested-With, from another Origin, or with no Origin, and mints nothing', async () => {
    const { token } = await signUpVerified(t);
    const cookie = cookiePair((await cookiePost(t, 'keep', { authorization: `Bearer ${token}` })).setCookie);
    const attempts: Record<string, string>[] = [
      { cookie, 'x-requested-with': '' },
      { cookie, 'x-requested-with': 'XMLHttpRequest' },
      { cookie, origin: 'https://evil.example' },
      { cookie, origin: 'null' },
      { cookie, origin: '' },
    ];
    for (const headers of attempts) {
      const reply = await cookiePost(t, 'refresh', headers);
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(reply.body.code).toBe('Forbidden');
      expect(reply.body.accessToken).toBeUndefined();
    }
    // The same refusal guards setting the cookie and ending the session.
    expect(
      (await cookiePost(t, 'keep', { authorization: `Bearer ${token}`, origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await cookiePost(t, 'end', { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await cookiePost(t, 'refresh', { cookie })).status).toBe(200);
  });

  it('an access token is not a cookie, and a cookie is not an access token', async () => {
    const { token } = await signUpVerified(t);
    const asCookie = await cookiePost(t, 'refresh', { cookie: `account_session=${token}` });
    expect(asCookie.status).toBe(401);
    expect(asCookie.body.code).toBe('InvalidToken');
    const cookie = cookiePair((await cookiePost(t, 'keep', { authorization: `Bearer ${token}` })).setCookie);
    const asBearer = await cookiePost(t, 'keep', { authorization: `Bearer ${cookie.split('=')[1]}` });
    expect(asBearer.status).toBe(401);
    expect((await cookiePost(t, 'refresh', {})).body.code).toBe('Unauthenticated');
  });
});
