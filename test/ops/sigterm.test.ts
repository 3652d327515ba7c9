import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { lastMailValue } from '../support/app.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import { startService, stopServices, tempDataDir, withMigratedPglite } from '../support/service-process.js';

// The real service, as `npm start` runs it: SIGTERM lets in-flight requests finish, closes the
// database cleanly (PGlite's files reopen) and exits 0; its logs carry request ids and no secrets.

const dataDir = tempDataDir();
afterAll(() => stopServices());

const start = (databaseUrl?: string) =>
  startService({ DATABASE_URL: databaseUrl ?? '', EVENTS_FLUSH_MS: '50' }, dataDir);
const basic = (username: string, password: string) => ({ basic: { username, password } });
const verificationToken = (email: string) =>
  lastMailValue({ DATA_DIR: dataDir } as Config, email, 'Verification token');

// Each test starts a real process (tsx compiles on the fly): generous time on a loaded machine.
describe('SIGTERM', { timeout: 120_000 }, () => {
  const email = uniqueEmail('sigterm');
  let databaseUrl: string | undefined;
  let accessToken = '';
  let logs = '';

  it('finishes the in-flight request, closes the database and exits 0', async () => {
    databaseUrl = onPostgres ? await freshPostgresUrl() : undefined;
    if (!databaseUrl) await withMigratedPglite(dataDir);
    const service = await start(databaseUrl);

    // A sign-up whose body is still arriving when SIGTERM comes: the server has its headers,
    // so the request is in flight and must be answered.
    const body = JSON.stringify({ email, password: PASSWORD, displayName: 'Sig Term' });
    const inFlight = new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: service.port,
          method: 'POST',
          path: '/users',
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        service.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 500);
    });

    const reply = await inFlight;
    expect(reply.status).toBe(201);
    expect(reply.body.email).toBe(email);
    expect(await service.exited).toBe(0);
    logs += service.output();
    expect(service.output()).toMatch(/draining in-flight requests/);
    expect(service.output()).toMatch(/"msg":"stopped"/);
  });

  it('starts again on the same data and answers /readyz 200; the account survived', async () => {
    const service = await start(databaseUrl);
    try {
      expect((await service.call('GET', '/readyz')).status).toBe(200);
      const token = verificationToken(email);
      const users = await service.call('GET', '/');
      expect(users.status).toBe(200);
      const me = await service.call('POST', '/auth', basic(email, PASSWORD));
      expect(me.status).toBe(403); // the account is there, still unverified
      expect((await service.call('PUT', `/users/${encodeURIComponent(email)}/token/${token}`)).status).toBe(204);
      const login = await service.call('POST', '/auth', basic(email, PASSWORD));
      expect(login.status).toBe(200);
      accessToken = login.body.accessToken;
      expect((await service.call('GET', '/users/me', { token: accessToken })).status).toBe(200);
      // A wrong password and a secret-bearing GraphQL call, so the logs have something to leak.
      await service.call('POST', '/auth', basic(email, 'Wrong!Secret-Pass9'));
      await service.call('POST', '/graphql', {
        body: {
          query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
          variables: { u: email, p: PASSWORD },
        },
      });
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      logs += service.output();
    }
  });

  it('logged request lines with a requestId, and no password or token', () => {
    const lines = logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const line of requests) {
      expect(line.requestId).toEqual(expect.any(String));
      expect(line).toMatchObject({ method: expect.any(String), path: expect.any(String), status: expect.any(Number) });
    }
    expect(accessToken).not.toBe('');
    for (const secret of [PASSWORD, 'Wrong!Secret-Pass9', accessToken, verificationToken(email)]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(Buffer.from(`${email}:${PASSWORD}`).toString('base64'));
  });
});
