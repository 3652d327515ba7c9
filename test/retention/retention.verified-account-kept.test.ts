import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { login, rest, signUpVerified } from '../support/http.js';

/**
 * The unverified-account retention must never delete a verified account, however old and idle:
 * it would be an account deleted without its owner asking.
 */
const DAY = 24 * 3600_000;
const t = useTestApp({ UNVERIFIED_ACCOUNTS_RETENTION_DAYS: '3' });

describe('unverified-account retention', () => {
  it('never deletes a verified account, however old', async () => {
    const user = await signUpVerified(t);
    await t.db.prisma.user.update({ where: { id: user.id }, data: { createdAt: new Date(Date.now() - 3000 * DAY) } });
    await t.db.prisma.session.updateMany({
      where: { userId: user.id },
      data: { lastUsedAt: new Date(Date.now() - 3000 * DAY) },
    });

    await t.app.services.retention.pruneAll();
    await t.app.services.retention.prune('unverifiedAccounts', new Date(Date.now() + 10_000 * DAY));

    expect(await t.db.prisma.user.count({ where: { id: user.id } })).toBe(1);
    const token = await login(t, user.email, user.password);
    expect((await rest(t.app, 'GET', '/users/me', { token })).status).toBe(200);
  });
});
