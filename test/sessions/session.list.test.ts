import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { advanceClock } from '../support/abuse.js';
import { apiKeySession } from './sessions.support.js';

/**
 * What the session list shows: the caller's own live sessions with how and where each signed
 * in, and nothing secret (no token, token id, hash, API key or password), and never another
 * user's sessions.
 */
const t = useTestApp();
afterEach(() => {
  vi.useRealTimers();
});

const LIST = '{ sessions { id current method ip userAgent createdAt lastUsedAt expiresAt } }';

describe('listing my sessions', () => {
  it('shows method, IP, user agent and times; marks the current one; nothing secret', async () => {
    const user = await signUpVerified(t);
    const other = await signUpVerified(t);
    const browser = await rest(t.app, 'POST', '/auth', {
      basic: { username: user.email, password: PASSWORD },
      headers: { 'user-agent': 'TestBrowser/1.0' },
      clientIp: '203.0.113.7',
    });
    const { apiKey, token: viaKey } = await apiKeySession(t, user.token);

    const reply = await gql(t.app, LIST, {}, { token: browser.body.accessToken });
    const sessions = reply.body.data.sessions as Record<string, unknown>[];
    expect(sessions).toHaveLength(3);
    expect(sessions.map((s) => s.method).sort()).toEqual(['api_key', 'password', 'password']);
    const current = sessions.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ method: 'password', ip: '203.0.113.7', userAgent: 'TestBrowser/1.0' });
    for (const session of sessions) {
      expect(session.id).toMatch(/^session-[0-9a-f-]{36}$/);
      expect(Date.parse(session.createdAt as string)).toBeLessThanOrEqual(Date.parse(session.expiresAt as string));
      expect(session.lastUsedAt).toEqual(expect.any(String));
    }
    for (const secret of [user.token, browser.body.accessToken, viaKey, apiKey, PASSWORD, other.id]) {
      expect(reply.text).not.toContain(secret);
    }
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(reply.text).not.toContain(row.passwordHash);
  });

  it('an ended session is not listed; lastUsedAt moves when a token is used a while later', async () => {
    const user = await signUpVerified(t);
    const before = (await gql(t.app, LIST, {}, { token: user.token })).body.data.sessions[0];
    advanceClock(120);
    await gql(t.app, '{ me { id } }', {}, { token: user.token });
    await t.app.services.background.drain();
    const after = (await gql(t.app, LIST, {}, { token: user.token })).body.data.sessions[0];
    expect(Date.parse(after.lastUsedAt)).toBeGreaterThan(Date.parse(before.lastUsedAt));

    const { token: viaKey } = await apiKeySession(t, user.token);
    await rest(t.app, 'DELETE', '/auth', { token: viaKey });
    const listed = (await gql(t.app, LIST, {}, { token: user.token })).body.data.sessions;
    expect(listed.map((s: { method: string }) => s.method)).toEqual(['password']);
  });

  it('needs an account token', async () => {
    const reply = await gql(t.app, LIST);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('Unauthenticated');
  });
});
