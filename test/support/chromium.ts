import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { createTestApp, type TestApp } from './app.js';

/** Debian's headless Chromium (.ci/run installs it); browser tests are skipped without it. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium that reaches nothing but the pages a test opens. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did that an offline, same-origin page must not: see watchPage. */
export interface PageWatch {
  /** Requests to anywhere but `origin` (data:, blob: and about: URLs are fine). */
  foreign: string[];
  /** Uncaught script errors. */
  pageErrors: string[];
  /** Content-Security-Policy violations so far (not page errors: the document reports them). */
  cspViolations(): Promise<string[]>;
}

/** Records, from before the first navigation, what `page` fetches elsewhere, throws and is refused. */
export async function watchPage(page: Page, origin: string): Promise<PageWatch> {
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
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return {
    foreign,
    pageErrors,
    cspViolations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  };
}

/** A test app on a real socket and a browser, for one describe block. */
export interface BrowserApp {
  t: TestApp;
  origin: string;
  browser: Browser;
}

/** Starts the app on a loopback port and Chromium before the block's tests; stops both after. */
export function useBrowserApp(): BrowserApp {
  const state = {} as BrowserApp;
  let server: Server | undefined;
  beforeAll(async () => {
    state.t = await createTestApp();
    server = createHttpServer(state.t.app, '');
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    state.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await state.browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await state.t?.close();
  });
  return state;
}
