import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { lastMailValue } from '../support/app.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import { startService, stopServices, type ServiceProcess } from '../support/service-process.js';

// Three real service processes on one PostgreSQL database, as behind a load balancer.
describe.skipIf(!onPostgres)('several instances on one PostgreSQL', () => {
  let url: string;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let c: ServiceProcess;

  beforeAll(async () => {
    url = await freshPostgresUrl();
    // Started together, so they race for the migration lock and the first signing key.
    // Behind one load balancer every replica has the same public URL, which is also the tokens' issuer.
    const env = { DATABASE_URL: url, LOGIN_LOCKOUT_THRESHOLD: '5', PUBLIC_URL: 'https://accounts.example.test' };
    [a, b, c] = await Promise.all([startService(env), startService(env), startService(env)]);
  }, 180_000);

  afterAll(() => stopServices());

  async function query<T = any>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function verifiedUser(on: ServiceProcess) {
    const email = uniqueEmail('multi');
    const created = await on.call('POST', '/users', { body: { email, password: PASSWORD, displayName: 'Multi' } });
    expect(created.status).toBe(201);
    const token = lastMailValue({ DATA_DIR: on.dataDir } as Config, email, 'Verification token');
    return { email, id: created.body.id as string, verificationToken: token };
  }

  it('applies each migration once, under the lock', async () => {
    const expected = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    const rows = await query<{ migration_name: string; n: number }>(
      `SELECT migration_name, count(*)::int AS n FROM _prisma_migrations GROUP BY migration_name`,
    );
    expect(rows).toHaveLength(expected);
    expect(rows.every((row) => row.n === 1)).toBe(true);
    const appliers = [a, b, c].filter((s) => s.output().includes('migrations applied'));
    expect(appliers).toHaveLength(1);
  });

  it('shares one signing key: the same JWKS everywhere', async () => {
    const sets = await Promise.all([a, b, c].map(async (s) => (await s.call('GET', '/.well-known/jwks.json')).body));
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
    const active = await query(`SELECT kid FROM signing_keys WHERE retired_at IS NULL`);
    expect(active).toHaveLength(1);
  });

  it('accepts an account token minted by one instance on the others', async () => {
    const user = await verifiedUser(a);
    expect((await b.call('PUT', `/users/${user.id}/token/${user.verificationToken}`)).status).toBe(204);
    const auth = await c.call('POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect(auth.status).toBe(200);
    for (const s of [a, b, c]) {
      const me = await s.call('GET', '/users/me', { token: auth.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.id);
    }
  });

  async function clientKey() {
    const user = await verifiedUser(a);
    await a.call('PUT', `/users/${user.id}/token/${user.verificationToken}`);
    const auth = await a.call('POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    const key = await b.call('POST', '/users/me/client-keys', { token: auth.body.accessToken });
    expect(key.status).toBe(200);
    return key.body as { clientId: string; clientSecret: string };
  }

  async function grant(on: ServiceProcess, key: { clientId: string; clientSecret: string }) {
    const reply = await on.call('POST', '/auth/token', { body: { grantType: 'clientCredentials', ...key } });
    expect(reply.status).toBe(200);
    return reply.body as { accessToken: string; refreshToken: string };
  }

  const refresh = (on: ServiceProcess, refreshToken: string) =>
    on.call('POST', '/auth/token', { body: { grantType: 'refreshToken', refreshToken } });

  it('retires on every instance a refresh token rotated on one', async () => {
    const key = await clientKey();
    const first = await grant(b, key);
    const rotated = await refresh(c, first.refreshToken);
    expect(rotated.status).toBe(200);
    // Reusing the retired token elsewhere is refused, and revokes the family.
    expect((await refresh(a, first.refreshToken)).status).toBe(401);
    expect((await refresh(b, rotated.body.refreshToken)).status).toBe(401);
  });

  it('gives exactly one successor to simultaneous refreshes on two instances', async () => {
    const key = await clientKey();
    for (let round = 0; round < 3; round++) {
      const { refreshToken } = await grant(a, key);
      const statuses = (await Promise.all([refresh(b, refreshToken), refresh(c, refreshToken)])).map((r) => r.status);
      expect(statuses.sort()).toEqual([200, 401]);
    }
  });

  it('holds a lockout earned on one instance on the others', async () => {
    const user = await verifiedUser(a);
    await a.call('PUT', `/users/${user.id}/token/${user.verificationToken}`);
    for (let i = 0; i < 5; i++) {
      const wrong = await [a, b][i % 2]!.call('POST', '/auth', {
        basic: { username: user.email, password: 'Wrong!pass1' },
      });
      expect(wrong.status).toBe(401);
    }
    const locked = await c.call('POST', '/auth', { basic: { username: user.email, password: PASSWORD } });
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('InvalidCredentials');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
