import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';

// Threat: GraphiQL's page used to inline 9 MB of JavaScript, uncompressed, on every GET; 40 GETs
// sent 362 MB and starved /healthz. Many GETs of the page (and of its assets, as a browser
// revisits) must transfer little: a small page, compressed assets, and 304s once cached.

const t = useTestApp();

const BROWSER = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'gzip, deflate, br' };

async function get(path: string, headers: Record<string, string> = BROWSER) {
  const response = await t.app.fetch(new Request(`http://localhost${path}`, { headers }), { clientIp: '127.0.0.1' });
  const bytes = (await response.arrayBuffer()).byteLength;
  return { status: response.status, headers: response.headers, bytes };
}

function assetPaths(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((m) => m[1]!);
}

describe('GraphiQL under many GETs', () => {
  it('40 GETs of the page send a few kB each, never the bundle', async () => {
    let total = 0;
    for (let i = 0; i < 40; i++) {
      const page = await get('/graphql');
      expect(page.status).toBe(200);
      total += page.bytes;
    }
    expect(total).toBeLessThan(40 * 4096);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('assets go out compressed once, then as bodiless 304s for the same ETag', async () => {
    const html = await (
      await t.app.fetch(new Request('http://localhost/graphql', { headers: { accept: 'text/html' } }))
    ).text();
    const paths = assetPaths(html);
    expect(paths.length).toBeGreaterThanOrEqual(3);

    let first = 0;
    let identity = 0;
    const etags = new Map<string, string>();
    for (const path of paths) {
      const reply = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(reply.status, path).toBe(200);
      first += reply.bytes;
      etags.set(path, reply.headers.get('etag')!);
      identity += (await get(path, {})).bytes;
    }
    // Brotli takes the bundle to about a quarter of its size.
    expect(first).toBeLessThan(identity / 3);

    let again = 0;
    for (let i = 0; i < 40; i++) {
      for (const path of paths) {
        const reply = await get(path, { 'accept-encoding': 'gzip, deflate, br', 'if-none-match': etags.get(path)! });
        expect(reply.status, path).toBe(304);
        again += reply.bytes;
      }
    }
    expect(again).toBe(0);
  });

  it('a revisit of the page with its ETag is a bodiless 304', async () => {
    const page = await get('/graphql');
    const etag = page.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/graphql', { ...BROWSER, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes).toBe(0);
  });
});
