import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';
import { builtAccountApp } from './app-build.js';

let appDir = '';
beforeAll(async () => {
  appDir = await builtAccountApp();
}, 180_000);
const t = useTestApp(() => ({ ACCOUNT_APP_DIR: appDir }));
const unbuilt = useTestApp({ ACCOUNT_APP_DIR: '/nonexistent/account-app' });

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return t.app.fetch(new Request(`http://localhost${path}`, { headers }), { clientIp: '127.0.0.1' });
}

describe('the /account app is served by the service', () => {
  it('answers /account and every path below it with the page, under a self-only CSP', async () => {
    for (const path of ['/account', '/account/', '/account/verify?user=u&token=t', '/account/client-keys']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe');
      expect(csp).toContain("frame-ancestors 'none'");
      // The mailed links carry secrets in the query: no Referer may take them elsewhere.
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await page.text();
      expect(html).toMatch(/<script type="module" crossorigin src="\/account\/assets\/index-[\w-]+\.js"><\/script>/);
      expect(html).not.toMatch(/https?:\/\//);
    }
  });

  it('serves hashed assets compressed, immutable, with ETags that answer 304', async () => {
    const html = await (await get('/account')).text();
    const script = /src="(\/account\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await get(script);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await plain.text();
    expect(body.length).toBeGreaterThan(1000);

    const zipped = await get(script, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const etag = zipped.headers.get('etag')!;
    expect(etag).toMatch(/^".+-gzip"$/);
    const again = await get(script, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers 404 with a code for unknown assets, other methods, and before the app is built', async () => {
    const missing = await rest(t.app, 'GET', '/account/assets/index-nothere.js');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NotFound');
    const post = await rest(t.app, 'POST', '/account/verify', { body: {} });
    expect(post.status).toBe(404);
    expect(post.body.code).toBe('NotFound');
    const notBuilt = await rest(unbuilt.app, 'GET', '/account');
    expect(notBuilt.status).toBe(404);
    expect(notBuilt.body).toEqual({ code: 'NotFound', message: 'The account app is not built: run `npm run build`.' });
  });
});
