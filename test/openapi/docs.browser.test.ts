import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { CHROMIUM, launchChromium } from '../support/chromium.js';

// The reference page must work with no internet: everything it loads comes from this server, and
// it renders the operations of /openapi.json. Skipped without Debian's chromium, never faked;
// PGlite only (the page does not touch the database).

let t: TestApp;
let server: Server;
let origin: string;
let browser: Browser;

describe.skipIf(!existsSync(CHROMIUM) || process.env.TEST_DB === 'postgres')(
  '/docs in a browser',
  { timeout: 120_000 },
  () => {
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

    it('loads only from this server and renders the operations', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const foreign: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(origin) && !/^(data|blob|about):/.test(url)) foreign.push(url);
      });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { cspViolations: string[] }).cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) =>
          seen.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });

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

      expect(foreign).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    });
  },
);
