import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';

const t = useTestApp();

const assetUrls = (html: string) => [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

describe('GET /docs', () => {
  it('serves the reference page, naming only its own files, under a strict CSP', async () => {
    const page = await rest(t.app, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("connect-src 'self'");
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    const urls = assetUrls(page.text);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) expect(url).toMatch(/^\/docs\/[\w.-]+$/);
    expect((await rest(t.app, 'GET', '/docs/')).text).toBe(page.text);
  });

  it('serves each asset with long caching, and points Swagger UI at /openapi.json', async () => {
    const page = await rest(t.app, 'GET', '/docs');
    const scripts: string[] = [];
    for (const url of assetUrls(page.text)) {
      const asset = await rest(t.app, 'GET', url);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      if (url.endsWith('.js')) scripts.push(asset.text);
    }
    expect(scripts.some((s) => s.includes('"/openapi.json"') && s.includes('validatorUrl: null'))).toBe(true);
  });

  it('answers 404 for a file it does not have', async () => {
    const missing = await rest(t.app, 'GET', '/docs/swagger-ui-bundle.js');
    expect([missing.status, missing.body.code]).toEqual([404, 'NotFound']);
  });
});
