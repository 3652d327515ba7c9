import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { lastMailValue } from '../support/app.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import {
  startService,
  stopServices,
  tempDataDir,
  withMigratedPglite,
  type ServiceProcess,
} from '../support/service-process.js';

const OTHER_PASSWORD = 'Sec0nd!Horse';

afterAll(() => stopServices());

// `kill -9` in the middle of a burst of writes, then a restart on the same database: every
// operation was one transaction, so nothing is half done, and the restart migrates nothing.
describe('kill -9 during a burst of writes', () => {
  it('leaves no half-done state, and the restart opens the data cleanly and migrates nothing', async () => {
    const dataDir = tempDataDir();
    const url = onPostgres ? await freshPostgresUrl() : undefined;
    if (!url) await withMigratedPglite(dataDir);
    const env = { DATABASE_URL: url ?? '', RATE_LIMITS_ENABLED: 'false' };
    const first = await startService(env, dataDir);

    const users = await Promise.all([0, 1, 2].map(() => verifiedUser(first)));
    const key = await first.call('POST', '/users/me/client-keys', { token: users[0]!.token });
    expect(key.status).toBe(200);
    const families = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const grant = await first.call('POST', '/auth/token', {
          body: { grantType: 'clientCredentials', ...key.body },
        });
        expect(grant.status).toBe(200);
        return grant.body.refreshToken as string;
      }),
    );

    // The burst: sign-ups, password changes back and forth, and refresh chains, all at once.
    let stop = false;
    const swallow = () => undefined;
    const burst: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      burst.push(
        first
          .call('POST', '/users', { body: { email: uniqueEmail('burst'), password: PASSWORD, displayName: 'B' } })
          .catch(swallow),
      );
    }
    for (const user of users) {
      burst.push(
        (async () => {
          let [from, to] = [PASSWORD, OTHER_PASSWORD];
          while (!stop) {
            const changed = await user.service
              .call('PUT', '/users/me/password', { token: user.token, body: { oldPassword: from, newPassword: to } })
              .catch(swallow);
            if (changed?.status !== 200) return;
            user.token = changed.body?.accessToken ?? user.token;
            [from, to] = [to, from];
          }
        })(),
      );
    }
    for (let token of families) {
      burst.push(
        (async () => {
          while (!stop) {
            const next = await first
              .call('POST', '/auth/token', { body: { grantType: 'refreshToken', refreshToken: token } })
              .catch(swallow);
            if (next?.status !== 200) return;
            token = next.body.refreshToken;
          }
        })(),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    first.child.kill('SIGKILL');
    stop = true;
    await first.exited;
    await Promise.all(burst);

    const second = await startService(env, dataDir);
    expect(second.output()).not.toContain('migrations applied');
    expect((await second.call('GET', '/readyz')).status).toBe(200);
    // Each changed user logs in with exactly one of the two passwords.
    for (const user of users) {
      const withFirst = await second.call('POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
      const withOther = await second.call('POST', '/auth', {
        basic: { username: user.email, password: OTHER_PASSWORD },
      });
      expect([withFirst.status, withOther.status].sort()).toEqual([200, 401]);
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // Invariants read straight from the database once the service is gone.
    const db = await openDatabase({ url, dataDir });
    try {
      const usersWithoutCode = await db.prisma.user.count({ where: { codes: { none: {} } } });
      expect(usersWithoutCode).toBe(0);
      const tokens = await db.prisma.refreshToken.findMany();
      const ids = new Set(tokens.map((t) => t.id));
      for (const token of tokens) {
        if (token.rotatedAt) expect(token.successorId && ids.has(token.successorId)).toBeTruthy();
      }
      const liveByFamily = new Map<string, number>();
      for (const token of tokens.filter((t) => !t.rotatedAt && !t.revokedAt)) {
        liveByFamily.set(token.familyId, (liveByFamily.get(token.familyId) ?? 0) + 1);
      }
      expect([...liveByFamily.values()].every((n) => n <= 1)).toBe(true);
    } finally {
      await db.close();
    }
  }, 180_000);
});

async function verifiedUser(service: ServiceProcess) {
  const email = uniqueEmail('crash');
  const created = await service.call('POST', '/users', { body: { email, password: PASSWORD, displayName: 'Crash' } });
  expect(created.status).toBe(201);
  const token = lastMailValue({ DATA_DIR: service.dataDir } as Config, email, 'Verification token');
  expect((await service.call('PUT', `/users/${created.body.id}/token/${token}`)).status).toBe(204);
  const auth = await service.call('POST', '/auth', { basic: { username: email, password: PASSWORD } });
  expect(auth.status).toBe(200);
  return { email, service, token: auth.body.accessToken as string };
}
