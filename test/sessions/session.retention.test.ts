import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { signUpVerified } from '../support/http.js';

/**
 * Ended and expired sessions are deleted once they are older than SESSIONS_RETENTION_DAYS; live
 * sessions and recently ended ones stay.
 */
const DAY = 24 * 3600_000;
const t = useTestApp({ SESSIONS_RETENTION_DAYS: '30' });

describe('session retention', () => {
  it('deletes sessions ended or expired more than SESSIONS_RETENTION_DAYS ago, and no other', async () => {
    const user = await signUpVerified(t);
    const now = Date.now();
    const sessions = t.app.services.sessions;
    const origin = { ip: '192.0.2.1', userAgent: 'test' };
    const make = (expiresInDays: number) =>
      sessions.create(user.id, 'password', origin, new Date(now + expiresInDays * DAY));
    const expiredLongAgo = await make(-31);
    const expiredRecently = await make(-29);
    const endedLongAgo = await make(1);
    const endedRecently = await make(1);
    await t.db.prisma.session.update({ where: { id: endedLongAgo.id }, data: { endedAt: new Date(now - 31 * DAY) } });
    await t.db.prisma.session.update({ where: { id: endedRecently.id }, data: { endedAt: new Date(now - 29 * DAY) } });

    expect(await t.app.services.retention.prune('sessions')).toBe(2);
    const left = await t.db.prisma.session.findMany({ where: { userId: user.id }, select: { id: true } });
    const ids = new Set(left.map((s) => s.id));
    expect(ids.has(expiredLongAgo.id)).toBe(false);
    expect(ids.has(endedLongAgo.id)).toBe(false);
    expect(ids.has(expiredRecently.id)).toBe(true);
    expect(ids.has(endedRecently.id)).toBe(true);
    // The sign-up's own login session is live and stays.
    expect(ids.size).toBe(3);
    expect(await t.app.services.retention.prune('sessions')).toBe(0);
  });
});
