import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts/account');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** A page that records what must not happen: requests elsewhere, script errors, CSP violations. */
export async function watchedPage(
  browser: Browser,
  origin: string,
  width = 390,
): Promise<Page & { problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 844 } });
  const problems: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !/^(data|blob|about):/.test(url)) problems.push(`foreign request ${url}`);
  });
  page.on('pageerror', (error) => problems.push(`page error ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text()))
      problems.push(`console ${message.text()}`);
  });
  await page.addInitScript(() => {
    // In the page, not Node: the console is how the page reports to the test.
    document.addEventListener('securitypolicyviolation', (e) =>
      // eslint-disable-next-line no-console
      console.error(`CSP violation ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return Object.assign(page, { problems });
}

let shot = 0;

/**
 * Empties the screenshot folder: a run's screenshots only, as an older run's, numbered
 * differently, would mix in. Called by the journey itself (not at import), so a run where it is
 * skipped (the postgres project) leaves the other project's screenshots alone.
 */
export function clearScreenshots(): void {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  shot = 0;
}

/**
 * Checks the page with axe-core (evaluated through the DevTools protocol, which the page's CSP
 * does not govern) and saves a screenshot under test-artifacts/account/.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } })
      .axe;
    return (await axe.run()).violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  expect(violations, `axe on ${name}`).toEqual([]);
}
