import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified } from '../support/http.js';
import { cookiePair, cookiePost } from './cookie.js';

const t = useTestApp();

// A cookie left in a browser must die with its session: once the session is ended (signed out,
// ended from another device, or by a password reset) the cookie mints nothing.
describe('the keep-me-signed-in cookie dies with its session', () => {
  it('mints tokens for its own session while it is live', async () => {
    const { token } = await signUpVerified(t);
    const cookie = cookiePair((await cookiePost(t, 'keep', { authorization: `Bearer ${token}` })).setCookie);
    const refreshed = await cookiePost(t, 'refresh', { cookie });
    expect(refreshed.status).toBe(200);
    const sessions = await gql(t.app, '{ sessions { current } }', {}, { token: refreshed.body.accessToken });
    expect(sessions.body.data.sessions).toEqual([{ current: true }]);
  });

  it('signing out through the cookie ends the session, its tokens and the cookie', async () => {
    const { token } = await signUpVerified(t);
    const cookie = cookiePair((await cookiePost(t, 'keep', { authorization: `Bearer ${token}` })).setCookie);
    const ended = await cookiePost(t, 'end', { cookie });
    expect(ended.status).toBe(204);
    expect(ended.setCookie).toMatch(/^account_session=; .*Max-Age=0/);
    expect((await rest(t.app, 'GET', '/users/me', { token })).status).toBe(401);
    const refused = await cookiePost(t, 'refresh', { cookie });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('InvalidToken');
    expect(refused.setCookie).toMatch(/Max-Age=0/);
  });

  it('a session ended elsewhere (logout with the token) takes the cookie with it', async () => {
    const { token } = await signUpVerified(t);
    const cookie = cookiePair((await cookiePost(t, 'keep', { authorization: `Bearer ${token}` })).setCookie);
    expect((await rest(t.app, 'DELETE', '/auth', { token })).status).toBe(204);
    expect((await cookiePost(t, 'refresh', { cookie })).status).toBe(401);
    // And a token of an ended session cannot set a new cookie.
    expect((await cookiePost(t, 'keep', { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});
