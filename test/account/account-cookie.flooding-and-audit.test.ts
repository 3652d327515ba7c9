import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, signUpVerified } from '../support/http.js';
import { cookiePair, cookiePost } from './cookie.js';

// Threats: the cookie endpoints as a token mint outside the token rate limit, and as a way to act
// on an account without leaving a trace in its audit trail.

const t = useTestApp({ RATE_LIMIT_TOKEN: '3/3600' });

describe('the keep-me-signed-in endpoints', () => {
  it('join the owner’s audit trail and count against the token rate limit', async () => {
    const { token } = await signUpVerified(t);
    const cookie = cookiePair((await cookiePost(t, 'keep', { authorization: `Bearer ${token}` })).setCookie);
    const refreshed = await cookiePost(t, 'refresh', { cookie });
    expect(refreshed.status).toBe(200);

    await t.app.services.events.flush();
    const events = await gql(t.app, '{ events(first: 10) { edges { node { input } } } }', {}, { token });
    const paths = events.body.data.events.edges.map(
      (edge: { node: { input: { path: string } } }) => edge.node.input.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['/account/session/keep', '/account/session/refresh']));

    expect((await cookiePost(t, 'refresh', { cookie })).status).toBe(200);
    const refused = await cookiePost(t, 'refresh', { cookie });
    expect([refused.status, refused.body.code]).toEqual([429, 'TooManyRequests']);
    // Refused for the rate, not because the cookie died: the browser keeps it.
    expect(refused.setCookie).toBeNull();
  });
});
