import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createTestApp, type TestApp, useTestApp } from '../support/app.js';
import { claimsOf, keyHolder, refresh, tokensFor } from './support.js';

// Threat: one refresh token sent several times at once (a retrying client, or a thief racing the
// client), on one instance or on two behind a load balancer. Exactly one successor may be minted.

const RACERS = 8;

/** A second instance: its own app and, on PostgreSQL, its own connection pool to the same database. */
async function secondInstance(t: TestApp, env: Record<string, string>): Promise<{ app: TestApp; db?: Database }> {
  if (!t.url) return { app: await createTestApp(env, { db: t.db }) };
  const db = await openDatabase({ url: t.url, poolSize: 10 });
  return { app: await createTestApp(env, { db, url: t.url }), db };
}

function race(apps: App[], t: TestApp, token: string) {
  return Promise.all(Array.from({ length: RACERS }, (_, i) => refresh(t, token, apps[i % apps.length])));
}

async function successors(t: TestApp, token: string) {
  return t.db.prisma.refreshToken.count({ where: { parentId: claimsOf(token).jti } });
}

for (const interval of ['0', '30']) {
  describe(`concurrent refresh of one token (REFRESH_REUSE_INTERVAL_SECONDS=${interval})`, () => {
    const t = useTestApp({ REFRESH_REUSE_INTERVAL_SECONDS: interval });
    let other: { app: TestApp; db?: Database };
    beforeAll(async () => {
      other = await secondInstance(t, { REFRESH_REUSE_INTERVAL_SECONDS: interval });
    });
    afterAll(async () => {
      await other.app.close();
      await other.db?.close();
    });

    for (const where of ['one instance', 'two instances']) {
      it(`mints exactly one successor on ${where}`, async () => {
        const apps = where === 'one instance' ? [t.app] : [t.app, other.app.app];
        const { key } = await keyHolder(t);
        const token = (await tokensFor(t, key)).refreshToken;
        const replies = await race(apps, t, token);

        expect(await successors(t, token)).toBe(1);
        const won = replies.filter((r) => r.status === 200);
        const lost = replies.filter((r) => r.status !== 200);
        for (const reply of lost) expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);

        if (interval === '0') {
          // Every racer but one presented a retired token: that is reuse, and the family is revoked.
          expect(won).toHaveLength(1);
          expect((await refresh(t, won[0]!.body.refreshToken)).status).toBe(401);
        } else {
          // Within the reuse interval every racer gets the one successor, and it keeps working.
          expect(won).toHaveLength(RACERS);
          expect(new Set(won.map((r) => r.body.refreshToken)).size).toBe(1);
          expect((await refresh(t, won[0]!.body.refreshToken)).status).toBe(200);
        }
      });
    }
  });
}
