import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUpVerified, uniqueEmail, type Reply } from '../support/http.js';

// Hostile input is stored as the literal text it is, or refused with a 4xx: never a 500, never
// SQL reaching the database as code. Huge bodies and fields are refused before they cost anything.

const t = useTestApp();
let server: Server;
let port: number;
beforeAll(async () => {
  server = createHttpServer(t.app, '');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const SQL = [
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  "admin'--",
  '"; DELETE FROM users WHERE ""="',
  '1); TRUNCATE one_time_codes; --',
  "x' UNION SELECT password_hash FROM users --",
  '$$; DROP TABLE users; $$',
  '\\x27 OR 1=1',
];

/** Refused politely, or accepted: anything but a server error. */
function expectSafe(reply: Reply, label: string) {
  expect(reply.status, `${label}: ${reply.text}`).toBeLessThan(500);
  if (reply.status >= 400) expect(reply.body, label).toEqual({ code: expect.any(String), message: expect.any(String) });
  expect(reply.text, label).not.toMatch(/syntax error|prisma|relation "|at .+\.ts:\d+/i);
}

async function expectTablesIntact(minimumUsers: number) {
  const tables = await t.db.withSession((s) =>
    s.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    ),
  );
  expect(tables.map((row) => row.table_name)).toEqual(
    expect.arrayContaining(['users', 'one_time_codes', 'signing_keys', '_prisma_migrations']),
  );
  expect(await t.db.prisma.user.count()).toBeGreaterThanOrEqual(minimumUsers);
}

describe('SQL-looking input', () => {
  it('in every sign-up field is stored literally or refused, never run', async () => {
    const before = await t.db.prisma.user.count();
    let created = 0;
    for (const [i, sql] of SQL.entries()) {
      const body = {
        email: `x${i}'or'1'='1@example.com`,
        password: `${sql}!Aa1`,
        displayName: sql,
        name: sql,
        surname: sql,
        entityType: sql.slice(0, 40),
        billingAddress: { address: sql, zipCode: sql, state: sql, country: sql },
      };
      const reply = await rest(t.app, 'POST', '/users', { body });
      expectSafe(reply, sql);
      if (reply.status !== 201) continue;
      created++;
      const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: reply.body.id } });
      expect(row).toMatchObject({
        email: body.email,
        displayName: sql.trim(),
        street: sql.trim(),
        country: sql.trim(),
      });
      expect(reply.body.billingAddress.zipCode).toBe(sql.trim());
    }
    expect(created).toBeGreaterThan(0);
    // An email that is itself an injection attempt (spaces make it invalid) is refused.
    const injected = await rest(t.app, 'POST', '/users', {
      body: { email: "a@b.c'); DROP TABLE users; --", password: PASSWORD },
    });
    expect(injected.status).toBe(400);
    expect(await t.db.prisma.user.count()).toBe(before + created);
    await expectTablesIntact(before + created);
  });

  it('in login user names and passwords is refused like any wrong credential', async () => {
    const user = await signUpVerified(t);
    for (const sql of SQL) {
      for (const basic of [
        { username: sql, password: sql },
        { username: `${user.email}${sql}`, password: PASSWORD },
        { username: user.email, password: sql },
        { username: `${user.email}' --`, password: 'x' },
      ]) {
        const reply = await rest(t.app, 'POST', '/auth', { basic });
        expectSafe(reply, `${basic.username} / ${basic.password}`);
        expect(reply.status).toBe(401);
        expect(reply.body.code).toBe('InvalidCredentials');
      }
    }
    for (const basic of [
      { username: 'nul\u0000byte@example.com', password: 'x' },
      { username: user.email, password: `${PASSWORD}\u0000` },
    ]) {
      const reply = await rest(t.app, 'POST', '/auth', { basic });
      expectSafe(reply, JSON.stringify(basic));
      expect([400, 401]).toContain(reply.status);
    }
    await expectTablesIntact(1);
  });

  it('in the verification path segments is refused with a 4xx', async () => {
    const user = await signUpVerified(t);
    for (const sql of SQL) {
      const segment = encodeURIComponent(sql);
      for (const path of [`/users/${segment}/token/${segment}`, `/users/${user.id}/token/${segment}`]) {
        const reply = await rest(t.app, 'PUT', path);
        expectSafe(reply, path);
        expect(reply.status).toBeGreaterThanOrEqual(400);
      }
    }
    // A NUL byte cannot be stored in PostgreSQL text: it must be refused, not reach the driver.
    for (const path of [`/users/a%00b/token/x`, `/users/${user.id}/token/a%00b`]) {
      const reply = await rest(t.app, 'PUT', path);
      expectSafe(reply, path);
      expect(reply.status).toBeGreaterThanOrEqual(400);
    }
    const broken = await rest(t.app, 'PUT', '/users/%E0%A4%A/token/x');
    expectSafe(broken, 'bad percent-encoding');
    expect(broken.status).toBe(400);
    await expectTablesIntact(1);
  });

  it('in GraphQL variables is stored literally', async () => {
    const sql = SQL[0]!;
    const email = uniqueEmail('gql');
    const reply = await gql(
      t.app,
      `mutation($input: SignUpInput!) { signUp(input: $input) { id displayName address { city } } }`,
      { input: { email, password: PASSWORD, displayName: sql, address: { city: sql } } },
    );
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.signUp).toMatchObject({ displayName: sql, address: { city: sql } });
    const login = await gql(
      t.app,
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
      { u: "' OR 1=1 --", p: sql },
    );
    expect(login.body.errors?.[0]?.extensions?.code).toBe('InvalidCredentials');
  });
});

/** A raw HTTP request over the socket: `chunks` are written one by one (chunked when no length is declared). */
function send(
  path: string,
  headers: Record<string, string | number>,
  chunks: (string | Buffer)[],
  method = 'POST',
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text
        }
        resolve({ status: res.statusCode!, body });
      });
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('oversized input', () => {
  const MB = 1024 * 1024;
  const hugeSignUp = () =>
    JSON.stringify({ email: uniqueEmail('huge'), password: PASSWORD, displayName: 'x'.repeat(MB + 10) });

  it('a body over 1 MB with a declared Content-Length is 413 PayloadTooLarge', async () => {
    const body = hugeSignUp();
    const reply = await send(
      '/users',
      { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      [body],
    );
    expect(reply).toEqual({ status: 413, body: { code: 'PayloadTooLarge', message: expect.any(String) } });
  });

  it('a body over 1 MB streamed without Content-Length (chunked) is 413 PayloadTooLarge', async () => {
    const body = hugeSignUp();
    const chunks = Array.from({ length: 8 }, (_, i) => body.slice((i * body.length) / 8, ((i + 1) * body.length) / 8));
    const reply = await send('/users', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks);
    expect(reply).toEqual({ status: 413, body: { code: 'PayloadTooLarge', message: expect.any(String) } });
  });

  it('a declared length over the limit is refused before the body arrives', async () => {
    // Only the headers and a few bytes are sent: the answer must not wait for the other 2 MB.
    const reply = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/users',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': 2 * MB },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.write('{"email":');
    });
    expect(reply).toBe(413);
  });

  it('a GraphQL body over 1 MB is 413 as well', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(MB + 10) } });
    const declared = await send(
      '/graphql',
      { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      [body],
    );
    expect(declared.status).toBe(413);
    const chunked = await send('/graphql', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, [
      body.slice(0, MB / 2),
      body.slice(MB / 2),
    ]);
    expect(chunked.status).toBe(413);
  });

  it('a body just under the limit is read (and then judged on its fields)', async () => {
    const body = JSON.stringify({ email: uniqueEmail('big'), password: PASSWORD, pad: 'x'.repeat(MB - 200) });
    const reply = await send(
      '/users',
      { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      [body],
    );
    expect(reply.status).toBe(201);
  });

  it('an over-long individual field is 400 and creates nothing', async () => {
    const before = await t.db.prisma.user.count();
    const base = () => ({ email: uniqueEmail('long'), password: PASSWORD, displayName: 'Ok' });
    const cases: [string, Record<string, unknown>][] = [
      ['displayName', { ...base(), displayName: 'x'.repeat(10_000) }],
      ['name', { ...base(), name: 'x'.repeat(10_000) }],
      ['surname', { ...base(), surname: 'x'.repeat(10_000) }],
      ['entityType', { ...base(), entityType: 'x'.repeat(10_000) }],
      ['email', { ...base(), email: `${'x'.repeat(10_000)}@example.com` }],
      ['address', { ...base(), billingAddress: { address: 'x'.repeat(10_000) } }],
      ['zipCode', { ...base(), billingAddress: { zipCode: 'x'.repeat(10_000) } }],
      ['control characters', { ...base(), displayName: 'evil\r\nBcc: victim@example.com' }],
    ];
    for (const [label, body] of cases) {
      const reply = await rest(t.app, 'POST', '/users', { body });
      expect(reply.status, label).toBe(400);
      expect(reply.body.code, label).toBe('InvalidInput');
    }
    const verifyLong = await rest(t.app, 'PUT', `/users/${'x'.repeat(5000)}/token/${'y'.repeat(5000)}`);
    expect(verifyLong.status).toBeGreaterThanOrEqual(400);
    expect(verifyLong.status).toBeLessThan(500);
    expect(await t.db.prisma.user.count()).toBe(before);
  });

  it('a 10,000-character password is WeakPassword at sign-up and 401 at login, without hashing', async () => {
    const user = await signUpVerified(t);
    const hash = vi.spyOn(t.app.services.hasher, 'hash');
    const verify = vi.spyOn(t.app.services.hasher, 'verify');
    try {
      const long = `${'Aa1!'.repeat(2500)}`;
      const signUp = await rest(t.app, 'POST', '/users', { body: { email: uniqueEmail('long'), password: long } });
      expect(signUp.status).toBe(400);
      expect(signUp.body.code).toBe('WeakPassword');
      for (const username of [user.email, uniqueEmail('nobody')]) {
        const login = await rest(t.app, 'POST', '/auth', { basic: { username, password: long } });
        expect(login.status).toBe(401);
        expect(login.body.code).toBe('InvalidCredentials');
      }
      expect(hash).not.toHaveBeenCalled();
      expect(verify).not.toHaveBeenCalled();
    } finally {
      hash.mockRestore();
      verify.mockRestore();
    }
  });
});
