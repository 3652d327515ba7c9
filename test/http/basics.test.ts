import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';

const t = useTestApp();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('status and health paths', () => {
  it('GET / answers 200 with a small JSON body (clients use it as a status check)', async () => {
    const reply = await rest(t.app, 'GET', '/');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body).toBeTypeOf('object');
    expect(reply.text.length).toBeLessThan(512);
  });

  it('/healthz and /readyz answer 200 while the database is up', async () => {
    expect((await rest(t.app, 'GET', '/healthz')).status).toBe(200);
    const ready = await rest(t.app, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('/readyz answers 503 once the database is gone, while /healthz still answers 200', async () => {
    const other = await createTestApp();
    try {
      await other.db.close();
      const ready = await rest(other.app, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.text).not.toMatch(/select|error:|at \w+ \(/i);
      expect((await rest(other.app, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await other.app.close();
    }
  });
});

describe('/.well-known/jwks.json', () => {
  it('publishes the public Ed25519 signing keys and never a private part', async () => {
    const reply = await rest(t.app, 'GET', '/.well-known/jwks.json');
    expect(reply.status).toBe(200);
    const keys = reply.body.keys as Record<string, unknown>[];
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key.kid).toEqual(expect.any(String));
      expect(key.x).toMatch(/^[\w-]{43}$/);
      expect(key).not.toHaveProperty('d');
    }
    expect(reply.text).not.toMatch(/"d"\s*:/);
  });
});

describe('request shape errors', () => {
  it('answers 404 NotFound for an unknown path', async () => {
    const reply = await rest(t.app, 'GET', '/no/such/path');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ code: 'NotFound', message: expect.any(String) });
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const reply = await rest(t.app, 'DELETE', '/users');
    expect(reply.status).toBe(405);
    expect(reply.body).toEqual({ code: 'MethodNotAllowed', message: expect.any(String) });
    expect(reply.headers.get('allow')).toContain('POST');
  });

  it('answers 400 MalformedJson for a body that is not JSON', async () => {
    const reply = await rest(t.app, 'POST', '/users', { body: '{"email": "a@b.c", ' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ code: 'MalformedJson', message: expect.any(String) });
  });

  it('answers 400 for JSON that is not an object', async () => {
    for (const body of ['[1,2]', '"text"', '42', 'null', 'true']) {
      const reply = await rest(t.app, 'POST', '/users', { body });
      expect(reply.status, body).toBe(400);
      expect(reply.body.code, body).toBe('InvalidInput');
    }
  });

  it('answers 400 for a body that is not valid UTF-8', async () => {
    const response = await t.app.fetch(
      new Request('http://localhost/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('MalformedJson');
  });
});

describe('X-Request-Id', () => {
  it('echoes a well-formed request id', async () => {
    const reply = await rest(t.app, 'GET', '/', { headers: { 'x-request-id': 'abc-123.def:4' } });
    expect(reply.headers.get('x-request-id')).toBe('abc-123.def:4');
  });

  it('generates one when none or a malformed one is sent', async () => {
    const none = await rest(t.app, 'GET', '/no/such/path');
    expect(none.headers.get('x-request-id')).toMatch(UUID);
    const bad = await rest(t.app, 'GET', '/', { headers: { 'x-request-id': 'has spaces and <script>' } });
    expect(bad.headers.get('x-request-id')).toMatch(UUID);
    const long = await rest(t.app, 'GET', '/', { headers: { 'x-request-id': 'x'.repeat(65) } });
    expect(long.headers.get('x-request-id')).toMatch(UUID);
  });

  it('is on GraphQL answers too', async () => {
    const reply = await rest(t.app, 'POST', '/graphql', {
      body: { query: '{ __typename }' },
      headers: { 'x-request-id': 'gql-req-1' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-request-id')).toBe('gql-req-1');
  });
});

describe('GraphiQL', () => {
  it('serves GraphiQL to a browser with every script and style inline or same-origin', async () => {
    const reply = await rest(t.app, 'GET', '/graphql', { headers: { accept: 'text/html' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    const html = reply.text;
    expect(html).toMatch(/<div id="root">/);
    // Only what the page loads matters: links inside the bundled code (docs, licences) are fine.
    const loaded = [
      ...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi),
      ...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/gi),
      ...html.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/gi),
    ].map((m) => m[1]!);
    for (const url of loaded) expect(url, url).not.toMatch(/^(https?:)?\/\//i);
    expect(html).not.toMatch(/(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh)/i);
  });
});
