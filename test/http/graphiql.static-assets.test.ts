import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let html: string;
let page: Response;
beforeAll(async () => {
  t = await createTestApp();
  page = await t.app.fetch(new Request('http://localhost/graphql', { headers: { accept: 'text/html' } }));
  html = await page.clone().text();
});
afterAll(() => t.close());

const fetchAsset = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  t.app.fetch(new Request(`http://localhost${path}`, { method, headers }));

const scriptPath = () => /<script src="(\/graphiql\/[^"]+\.js)"/.exec(html)![1]!;

describe('GraphiQL page', () => {
  it('runs no inline script and allows only its own assets', () => {
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    // The only <script> without src is the options block, which is JSON data, not script.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline).toEqual([' id="graphiql-options" type="application/json"']);
  });

  it('is revalidated on every visit (a new release names new assets)', () => {
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('etag')).toBeTruthy();
  });
});

describe('GraphiQL assets', () => {
  it('are content-hashed, immutable, and the same bytes in every encoding', async () => {
    const plain = await fetchAsset(scriptPath());
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const body = Buffer.from(await plain.arrayBuffer());
    expect(body.toString()).toContain('renderYogaGraphiQL');

    const br = await fetchAsset(scriptPath(), { 'accept-encoding': 'br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(body)).toBe(true);

    const gz = await fetchAsset(scriptPath(), { 'accept-encoding': 'br;q=0, gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(body)).toBe(true);

    // Each encoding is its own representation: its own strong ETag.
    const tags = new Set([plain, br, gz].map((r) => r.headers.get('etag')));
    expect(tags.size).toBe(3);
    for (const tag of tags) expect(tag).toMatch(/^"[\w-]+"$/);
  });

  it('answers If-None-Match with 304 only while the client still accepts the form it holds', async () => {
    const br = await fetchAsset(scriptPath(), { 'accept-encoding': 'br' });
    const etag = br.headers.get('etag')!;
    await br.arrayBuffer();
    const weak = await fetchAsset(scriptPath(), { 'accept-encoding': 'gzip, br', 'if-none-match': `"x", W/${etag}` });
    expect(weak.status).toBe(304);
    expect(weak.headers.get('etag')).toBe(etag);
    const other = await fetchAsset(scriptPath(), { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(other.status).toBe(200);
    expect(other.headers.get('content-encoding')).toBe('gzip');
    await other.arrayBuffer();
  });

  it('HEAD gives the headers without the body', async () => {
    const head = await fetchAsset(scriptPath(), { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('an unknown or stale asset name is a 404 {code, message}', async () => {
    const stale = await fetchAsset('/graphiql/graphiql.0000000000000000000000.js');
    expect(stale.status).toBe(404);
    expect(await stale.json()).toEqual({ code: 'NotFound', message: expect.any(String) });
    expect((await fetchAsset('/graphiql/../package.json')).status).toBe(404);
  });
});
