import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { keyHolder, refresh, tokensFor } from '../client-keys/support.js';
import { rest, signUp, signUpVerified } from '../support/http.js';

/**
 * Every table the retention job keeps in check: rows past their setting go, the rows just inside
 * it stay, and live rows are never touched. Each kind is aged by moving its timestamps back.
 */
const DAY = 24 * 3600_000;
const t = useTestApp({
  REFRESH_TOKENS_RETENTION_DAYS: '30',
  ONE_TIME_CODES_RETENTION_DAYS: '7',
  UNVERIFIED_ACCOUNTS_RETENTION_DAYS: '10',
  RATE_LIMITS_RETENTION_DAYS: '1',
  WEBHOOK_MESSAGES_RETENTION_DAYS: '14',
});
const ago = (days: number) => new Date(Date.now() - days * DAY);

describe('retention of every table', () => {
  it('deletes refresh tokens expired or revoked past REFRESH_TOKENS_RETENTION_DAYS, and keeps rotated live ones', async () => {
    const { key } = await keyHolder(t);
    const first = await tokensFor(t, key);
    // Rotated but unexpired: kept, or reuse of it could no longer be detected.
    const rotated = await refresh(t, first.refreshToken);
    expect(rotated.status).toBe(200);
    await tokensFor(t, key);
    await tokensFor(t, key);
    await tokensFor(t, key);
    const rows = await t.db.prisma.refreshToken.findMany({
      where: { clientKeyId: key.clientId },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows).toHaveLength(5);
    const [rotatedRow, liveRow, expiredOld, revokedOld, revokedRecent] = rows;
    await t.db.prisma.refreshToken.update({ where: { id: expiredOld!.id }, data: { expiresAt: ago(31) } });
    await t.db.prisma.refreshToken.update({ where: { id: revokedOld!.id }, data: { revokedAt: ago(31) } });
    await t.db.prisma.refreshToken.update({ where: { id: revokedRecent!.id }, data: { revokedAt: ago(29) } });

    expect(await t.app.services.retention.prune('refreshTokens')).toBe(2);
    const left = await t.db.prisma.refreshToken.findMany({ where: { clientKeyId: key.clientId } });
    expect(new Set(left.map((r) => r.id))).toEqual(new Set([rotatedRow!.id, liveRow!.id, revokedRecent!.id]));
    // The rotated token is still recognised as reused (its family is revoked), not merely unknown.
    const reused = await refresh(t, first.refreshToken);
    expect(reused.status).toBe(401);
    expect(await t.db.prisma.refreshToken.count({ where: { id: liveRow!.id, revokedAt: { not: null } } })).toBe(1);
  });

  it('deletes one-time codes used or expired past ONE_TIME_CODES_RETENTION_DAYS, and keeps live ones', async () => {
    const verified = await signUpVerified(t);
    const pending = await signUp(t);
    const used = await t.db.prisma.oneTimeCode.findFirstOrThrow({ where: { userId: verified.id } });
    const live = await t.db.prisma.oneTimeCode.findFirstOrThrow({ where: { userId: pending.id } });
    expect(used.usedAt).not.toBeNull();
    await t.db.prisma.oneTimeCode.update({ where: { id: used.id }, data: { usedAt: ago(8) } });

    expect(await t.app.services.retention.prune('oneTimeCodes')).toBe(1);
    expect(await t.db.prisma.oneTimeCode.count({ where: { id: used.id } })).toBe(0);
    expect(await t.db.prisma.oneTimeCode.count({ where: { id: live.id } })).toBe(1);

    await t.db.prisma.oneTimeCode.update({ where: { id: live.id }, data: { expiresAt: ago(6) } });
    expect(await t.app.services.retention.prune('oneTimeCodes')).toBe(0);
    await t.db.prisma.oneTimeCode.update({ where: { id: live.id }, data: { expiresAt: ago(8) } });
    expect(await t.app.services.retention.prune('oneTimeCodes')).toBe(1);
  });

  it('deletes accounts left unverified past UNVERIFIED_ACCOUNTS_RETENTION_DAYS with their codes, freeing the email', async () => {
    const stale = await signUp(t);
    const recent = await signUp(t);
    await t.db.prisma.user.update({ where: { id: stale.id }, data: { createdAt: ago(11) } });
    await t.db.prisma.user.update({ where: { id: recent.id }, data: { createdAt: ago(9) } });

    expect(await t.app.services.retention.prune('unverifiedAccounts')).toBe(1);
    expect(await t.db.prisma.user.count({ where: { id: stale.id } })).toBe(0);
    expect(await t.db.prisma.oneTimeCode.count({ where: { userId: stale.id } })).toBe(0);
    expect(await t.db.prisma.user.count({ where: { id: recent.id } })).toBe(1);
    // The address can be signed up again, as a new account.
    const again = await signUp(t, stale.email);
    expect(again.id).not.toBe(stale.id);
  });

  it('deletes rate-limit counters expired past RATE_LIMITS_RETENTION_DAYS', async () => {
    const table = t.db.prisma.rateLimiterFlexible;
    await table.createMany({
      data: [
        { key: 'retention-test:old', points: 3, expire: ago(2) },
        { key: 'retention-test:recent', points: 3, expire: new Date(Date.now() - 3600_000) },
        { key: 'retention-test:live', points: 3, expire: new Date(Date.now() + DAY) },
        { key: 'retention-test:forever', points: 3, expire: null },
      ],
    });
    expect(await t.app.services.retention.prune('rateLimits')).toBeGreaterThanOrEqual(1);
    const left = await table.findMany({ where: { key: { startsWith: 'retention-test:' } }, select: { key: true } });
    expect(left.map((r) => r.key).sort()).toEqual([
      'retention-test:forever',
      'retention-test:live',
      'retention-test:recent',
    ]);
  });

  it('deletes webhook messages delivered or dead past WEBHOOK_MESSAGES_RETENTION_DAYS, never pending ones', async () => {
    const endpoint = await t.db.prisma.webhookEndpoint.create({
      data: { id: 'ep_retention', url: 'https://example.com/hook', eventTypes: ['user.created'], secret: 'x' },
    });
    const message = (id: string, data: { deliveredAt?: Date; deadAt?: Date; createdAt?: Date }) => ({
      id,
      endpointId: endpoint.id,
      type: 'user.created',
      payload: {},
      ...data,
    });
    await t.db.prisma.webhookMessage.createMany({
      data: [
        message('msg_delivered_old', { deliveredAt: ago(15) }),
        message('msg_dead_old', { deadAt: ago(15) }),
        message('msg_delivered_recent', { deliveredAt: ago(13) }),
        message('msg_pending_old', { createdAt: ago(100) }),
      ],
    });
    expect(await t.app.services.retention.prune('webhookMessages')).toBe(2);
    const left = await t.db.prisma.webhookMessage.findMany({ select: { id: true } });
    expect(left.map((m) => m.id).sort()).toEqual(['msg_delivered_recent', 'msg_pending_old']);
  });

  it('prunes every kind in one run', async () => {
    const counts = await t.app.services.retention.pruneAll();
    expect(Object.keys(counts).sort()).toEqual(
      [
        'events',
        'oneTimeCodes',
        'rateLimits',
        'refreshTokens',
        'sessions',
        'unverifiedAccounts',
        'webhookMessages',
      ].sort(),
    );
    // Sign-in still works for a verified account afterwards (nothing live was removed).
    const user = await signUpVerified(t);
    const me = await rest(t.app, 'GET', '/users/me', { token: user.token });
    expect(me.status).toBe(200);
  });
});
