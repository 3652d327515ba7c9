import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { createTestApp, type TestApp } from '../support/app.js';

// The client IP that limits count comes from the socket, unless TRUST_PROXY names the proxy the
// socket belongs to; only then is X-Forwarded-For read, and only the hops that proxy vouches for.
// Over a real socket on 127.0.0.1, through src/http/server.ts exactly as main.ts wires it.

interface Listening {
  t: TestApp;
  server: Server;
  port: number;
}

async function listen(env: Record<string, string>): Promise<Listening> {
  const t = await createTestApp({ RATE_LIMIT_RESET_REQUEST: '2/3600', ...env });
  const server = createHttpServer(t.app, t.config.TRUST_PROXY);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { t, server, port: (server.address() as AddressInfo).port };
}

async function stop(l: Listening | undefined) {
  if (!l) return;
  l.server.closeAllConnections();
  await new Promise<void>((resolve) => l.server.close(() => resolve()));
  await l.t.close();
}

/** POST /api/user/resetPassword (limited to 2 per IP per hour here) with extra headers. */
function resetRequest(
  l: Listening,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter?: string }> {
  const payload = JSON.stringify({ email: 'someone@example.com' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: l.port,
        method: 'POST',
        path: '/api/user/resetPassword',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('TRUST_PROXY unset (the default)', () => {
  let l: Listening;
  beforeAll(async () => {
    l = await listen({});
  });
  afterAll(() => stop(l));

  it('a forged X-Forwarded-For (or Forwarded, or X-Real-IP) changes nothing: the socket address is counted', async () => {
    expect((await resetRequest(l, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(204);
    expect((await resetRequest(l, { forwarded: 'for=203.0.113.2', 'x-real-ip': '203.0.113.2' })).status).toBe(204);
    const third = await resetRequest(l, { 'x-forwarded-for': '203.0.113.3, 198.51.100.3' });
    expect(third.status).toBe(429);
    expect(Number(third.retryAfter)).toBeGreaterThan(0);
    expect((await resetRequest(l)).status).toBe(429);
  });
});

describe('TRUST_PROXY=loopback (a proxy on this host)', () => {
  let l: Listening;
  beforeAll(async () => {
    l = await listen({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => stop(l));

  it('the address the trusted proxy forwards is the client counted', async () => {
    const client = { 'x-forwarded-for': '203.0.113.10' };
    expect((await resetRequest(l, client)).status).toBe(204);
    expect((await resetRequest(l, client)).status).toBe(204);
    expect((await resetRequest(l, client)).status).toBe(429);
    // Another client behind the same proxy has its own count.
    expect((await resetRequest(l, { 'x-forwarded-for': '203.0.113.11' })).status).toBe(204);
  });

  it('a client cannot escape by prepending forged hops: the hop the proxy appended counts', async () => {
    // The limited client (203.0.113.10 above) sends its own X-Forwarded-For; the proxy appends the real address.
    const forged = await resetRequest(l, { 'x-forwarded-for': '192.0.2.99, 203.0.113.10' });
    expect(forged.status).toBe(429);
    // And the reverse: a fresh real address is counted as itself whatever is forged before it.
    expect((await resetRequest(l, { 'x-forwarded-for': '203.0.113.10, 203.0.113.12' })).status).toBe(204);
  });

  it('without the header, the proxy itself is the client', async () => {
    expect((await resetRequest(l)).status).toBe(204);
    expect((await resetRequest(l)).status).toBe(204);
    expect((await resetRequest(l)).status).toBe(429);
    expect((await resetRequest(l, { 'x-forwarded-for': '203.0.113.13' })).status).toBe(204);
  });
});
