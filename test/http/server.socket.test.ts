import { request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createHttpServer } from '../../src/http/server.js';
import { useTestApp } from '../support/app.js';
import { signUpVerified } from '../support/http.js';

// What only a real socket shows: a GET that carries a body (GreenCloud documents one) reaches the
// routes as a GET, and the client address comes from the socket unless the peer is a trusted proxy.

const t = useTestApp();
let token: string;
const seenIps: string[] = [];
const servers: Server[] = [];

/** The app on a real node:http server; records the client address each request was given. */
async function listen(trustProxy: string): Promise<number> {
  const spy: App = {
    ...t.app,
    fetch: (req, context) => {
      seenIps.push(context?.clientIp ?? 'none');
      return t.app.fetch(req, context);
    },
  };
  const server = createHttpServer(spy, trustProxy);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  // Node's client frames a GET body only when told how: give the length, as curl does.
  if (body !== undefined) headers = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let port: number;
beforeAll(async () => {
  token = (await signUpVerified(t)).token;
  port = await listen('');
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const json = { 'content-type': 'application/json' };

describe('a GET with a JSON body', () => {
  it('GET /users/me with a body still answers like GET', async () => {
    const withBody = await send(port, 'GET', '/users/me', { ...json, authorization: `Bearer ${token}` }, '{"x":1}');
    expect(withBody.status).toBe(200);
    expect(withBody.body.id).toMatch(/^user-/);
    const plain = await send(port, 'GET', '/users/me', { authorization: `Bearer ${token}` });
    expect(withBody.body).toEqual(plain.body);
    const anonymous = await send(port, 'GET', '/users/me', json, '{}');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('Unauthenticated');
  });

  it('is not mistaken for the POST it is carried as', async () => {
    // POST /users is sign-up; a GET with a body there is a wrong method, not a sign-up.
    const reply = await send(
      port,
      'GET',
      '/users',
      json,
      '{"email":"get-body@example.com","password":"Corr3ct!Horse"}',
    );
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toContain('POST');
    expect(await t.db.prisma.user.count({ where: { emailKey: 'get-body@example.com' } })).toBe(0);
  });

  it('a chunked GET body is handled the same way', async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'GET',
          path: '/users/me',
          headers: { ...json, authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.write('{"a":');
      req.end('1}');
    });
    expect(reply).toBe(200);
  });

  it('a malformed GET body is a 400, not a crash', async () => {
    const reply = await send(port, 'GET', '/users/me', { ...json, authorization: `Bearer ${token}` }, '{oops');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('MalformedJson');
  });
});

describe('client address and TRUST_PROXY', () => {
  const lastIp = () => seenIps.at(-1);

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    await send(port, 'GET', '/', { 'x-forwarded-for': '203.0.113.7' });
    expect(lastIp()).toBe('127.0.0.1');
    const elsewhere = await listen('10.0.0.0/8');
    await send(elsewhere, 'GET', '/', { 'x-forwarded-for': '203.0.113.7' });
    expect(lastIp()).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For from a trusted proxy, taking the nearest untrusted hop', async () => {
    const trusted = await listen('loopback');
    await send(trusted, 'GET', '/', { 'x-forwarded-for': '203.0.113.7' });
    expect(lastIp()).toBe('203.0.113.7');
    // A client cannot choose its address by adding its own hops in front.
    await send(trusted, 'GET', '/', { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' });
    expect(lastIp()).toBe('203.0.113.7');
    await send(trusted, 'GET', '/');
    expect(lastIp()).toBe('127.0.0.1');
  });
});

/** The raw status line of one request, as a client reads it off the socket. */
function statusLine(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve(text.slice(0, end));
      }
    });
    socket.on('error', reject);
  });
}

describe('status lines', () => {
  it('carry the standard reason phrase on REST, GraphQL, errors and 404s', async () => {
    const get = (path: string, extra = '') =>
      `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;
    expect(await statusLine(port, get('/users/me', `Authorization: Bearer ${token}\r\n`))).toBe('HTTP/1.1 200 OK');
    expect(await statusLine(port, get('/users/me'))).toBe('HTTP/1.1 401 Unauthorized');
    expect(await statusLine(port, get('/no/such/path'))).toBe('HTTP/1.1 404 Not Found');
    expect(await statusLine(port, get('/'))).toBe('HTTP/1.1 200 OK');
    const body = '{"query":"{ __typename }"}';
    const post = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    expect(await statusLine(port, post)).toBe('HTTP/1.1 200 OK');
    const form = `POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;
    expect(await statusLine(port, form)).toBe('HTTP/1.1 415 Unsupported Media Type');
  });
});
