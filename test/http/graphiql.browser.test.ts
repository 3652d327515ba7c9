import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { CHROMIUM, launchChromium } from '../support/chromium.js';

// GraphiQL must work in a real browser with no internet: everything it loads comes from this
// server (or is inline), and a query typed into it runs and shows its result. CI installs
// Debian's chromium (.ci/run); without it this test is skipped, never faked.

const SCREENSHOT = new URL('../../scratch/graphiql.png', import.meta.url).pathname;

let t: TestApp;
let server: Server;
let origin: string;
let browser: Browser;

describe.skipIf(!existsSync(CHROMIUM))('GraphiQL in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    t = await createTestApp();
    server = createHttpServer(t.app, '');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  it('loads only from this server, runs a typed query and shows the data', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !/^(data|blob|about):/.test(url)) foreign.push(url);
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A CSP violation is not a page error: the browser reports it as an event on the document.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const transferred: { url: string; status: number; encoding?: string; etag?: string; cache?: string }[] = [];
    page.on('response', (r) =>
      transferred.push({
        url: r.url(),
        status: r.status(),
        encoding: r.headers()['content-encoding'],
        etag: r.headers()['etag'],
        cache: r.headers()['cache-control'],
      }),
    );

    const response = await page.goto(`${origin}/graphql`, { waitUntil: 'load', timeout: 110_000 });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain('GraphQL');
    const csp = (await response!.allHeaders())['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    // The page names its assets; it no longer carries them (it was 9 MB).
    expect((await response!.body()).length).toBeLessThan(4096);

    // The query editor (Monaco): focus it, replace its text by typing, then press the run button.
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 60_000 });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('query Probe { __typename }');
    await expect
      .poll(() => editor.evaluate((node) => (node as HTMLElement).innerText.replace(/\s+/g, ' ')))
      .toContain('query Probe { __typename }');

    await page.locator('button.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await expect
      .poll(() => result.evaluate((node) => (node as HTMLElement).innerText.replace(/\s+/g, ' ')), { timeout: 30_000 })
      .toMatch(/"data": \{ "__typename": "Query" \}/);

    mkdirSync(new URL('.', `file://${SCREENSHOT}`).pathname, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(foreign, 'GraphiQL fetched from outside the server').toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

    // Every asset came compressed, content-hashed and cacheable for good.
    const assets = transferred.filter((r) => new URL(r.url).pathname.startsWith('/graphiql/'));
    expect(assets.map((r) => new URL(r.url).pathname).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.js$/), expect.stringMatching(/\.css$/)]),
    );
    for (const asset of assets) {
      expect(asset.status, asset.url).toBe(200);
      // gzip while brotli is still being computed (the first visit after start), brotli after.
      expect(['br', 'gzip'], asset.url).toContain(asset.encoding);
      expect(asset.cache, asset.url).toContain('immutable');
    }

    await page.close();
  });
});
