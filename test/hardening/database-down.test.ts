import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { onPostgres } from '../support/db.js';
import { rest, signUpVerified } from '../support/http.js';
import { startPostgres, type PostgresServer } from '../support/postgres-server.js';

// Stops and restarts a real PostgreSQL server under a running app. PGlite is in-process and
// cannot "go down", so this runs on the postgres project only.
describe.skipIf(!onPostgres)('database down or unreachable', () => {
  let server: PostgresServer;
  let db: Database;
  let t: TestApp;

  beforeAll(async () => {
    server = await startPostgres();
    db = await openDatabase({ url: server.url(), poolSize: 4 });
    await migrate(db);
    t = await createTestApp({}, { db, url: server.url() });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.close();
    await server?.destroy();
  });

  it('answers 503 ServiceUnavailable fast, turns /readyz red, and recovers by itself', async () => {
    const user = await signUpVerified(t);
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);

    await server.stop();

    const started = Date.now();
    const down = await rest(t.app, 'GET', '/users/me', { token: user.token });
    const elapsed = Date.now() - started;
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ code: 'ServiceUnavailable', message: expect.any(String) });
    expect(down.text).not.toMatch(/ECONNREFUSED|postgres|prisma|SELECT/i);
    // "Fail fast": bounded by the pool's connect timeout, not by a TCP or query timeout.
    expect(elapsed).toBeLessThan(8000);

    const ready = await rest(t.app, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect((await rest(t.app, 'GET', '/healthz')).status).toBe(200);

    const signUpWhileDown = await rest(t.app, 'POST', '/users', {
      body: { email: 'down@example.com', password: 'Corr3ct!Horse', displayName: 'Down' },
    });
    expect(signUpWhileDown.status).toBe(503);

    await server.start();

    // No restart of the app: the pool reconnects on its own.
    let back = 0;
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = (await rest(t.app, 'GET', '/users/me', { token: user.token })).status;
      if (back !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(back).toBe(200);
    expect((await rest(t.app, 'GET', '/readyz')).status).toBe(200);

    // The refused sign-up changed nothing.
    const client = new pg.Client({ connectionString: server.url() });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM users WHERE email_key = 'down@example.com'`);
    await client.end();
    expect(rows[0].n).toBe(0);
  }, 120_000);
});
