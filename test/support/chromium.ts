import { chromium, type Browser } from 'playwright-core';

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
