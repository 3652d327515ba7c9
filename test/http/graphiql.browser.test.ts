import { existsSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, useBrowserApp, watchPage } from '../support/chromium.js';

// GraphiQL must work in a real browser with no internet: everything it loads comes from this
// server (or is inline), and a query typed into it runs and shows its result. CI installs
// Debian's chromium (.ci/run); without it this test is skipped, never faked.

const SCREENSHOT = new URL('../../scratch/graphiql.png', import.meta.url).pathname;

describe.skipIf(!existsSync(CHROMIUM))('GraphiQL in a browser', { timeout: 120_000 }, () => {
  const run = useBrowserApp();

  it('loads only from this server, runs a typed query and shows the data', async () => {
    const { browser, origin } = run;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watch = await watchPage(page, origin);
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
    expect(watch.foreign, 'GraphiQL fetched from outside the server').toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);

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
