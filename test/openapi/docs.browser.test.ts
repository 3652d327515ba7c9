import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, useBrowserApp, watchPage } from '../support/chromium.js';

// The reference page must work with no internet: everything it loads comes from this server, and
// it renders the operations of /openapi.json. Skipped without Debian's chromium, never faked;
// PGlite only (the page does not touch the database).

describe.skipIf(!existsSync(CHROMIUM) || process.env.TEST_DB === 'postgres')(
  '/docs in a browser',
  { timeout: 120_000 },
  () => {
    const run = useBrowserApp();

    it('loads only from this server and renders the operations', async () => {
      const { browser, origin } = run;
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const watch = await watchPage(page, origin);

      const response = await page.goto(`${origin}/docs`, { waitUntil: 'load', timeout: 110_000 });
      expect(response?.status()).toBe(200);
      const operations = page.locator('.opblock');
      await operations.first().waitFor({ state: 'visible', timeout: 60_000 });
      await expect.poll(() => page.locator('.opblock-summary-path').allInnerTexts()).toContain('/users/me');
      expect(await page.locator('.opblock-tag').allInnerTexts()).toEqual(
        expect.arrayContaining([
          expect.stringContaining('Bloq'),
          expect.stringContaining('GreenCloud'),
          expect.stringContaining('OAuth 2.0'),
        ]),
      );
      expect(await operations.count()).toBeGreaterThanOrEqual(25);
      // Expanding an operation renders its schemas and highlighted examples (styled from script).
      await page.locator('.opblock-summary', { hasText: '/users/me/password' }).first().click();
      await page.locator('.opblock-body .highlight-code').first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.opblock-body .model-box-control, .opblock-body .tablinks').last().click();

      expect(watch.foreign).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      expect(await watch.cspViolations()).toEqual([]);
    });
  },
);
