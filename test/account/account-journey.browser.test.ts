import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { URI } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { createTestApp, lastMailValue, mailsTo, type TestApp } from '../support/app.js';
import { PASSWORD, rest, uniqueEmail } from '../support/http.js';
import { totpCode } from '../support/two-factor.js';
import { builtAccountApp } from './app-build.js';
import { CHROMIUM, launchChromium } from '../support/chromium.js';
import { checkPage, clearScreenshots, watchedPage } from './browser.js';

// A person's whole way through the /account app in a real browser, from the mails' links. The
// browser test runs on PGlite only (the pages do not touch the database differently on PostgreSQL).
const NEW_PASSWORD = 'Res3t!passphrase';
const CHANGED_PASSWORD = 'Chang3d!passphrase';

let t: TestApp;
let server: Server;
let origin: string;
let browser: Browser;

/** The link in the newest mail to `email`, moved onto the test server's origin. */
function mailedLink(email: string, path: string): string {
  const mail = mailsTo(t.config, email).at(-1) ?? '';
  const href = new RegExp(`^(https?://\\S+${path}\\?\\S+)$`, 'm').exec(mail)?.[1];
  if (!href) throw new Error(`no ${path} link in the mail to ${email}`);
  const url = new URL(href);
  return `${origin}${url.pathname}${url.search}`;
}

async function signIn(page: Page, email: string, password: string, code?: string): Promise<void> {
  await page.goto(`${origin}/account/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (code) {
    await page.getByLabel(/authenticator/).fill(code);
    await page.getByRole('button', { name: 'Confirm' }).click();
  }
  await expect.poll(() => page.locator('dd', { hasText: email }).count(), { timeout: 30_000 }).toBe(1);
}

describe.skipIf(!existsSync(CHROMIUM) || process.env.TEST_DB === 'postgres')(
  'the /account app in a browser',
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      // PUBLIC_URL must be the page's origin (the cookie endpoints check Origin against it), so
      // take a free port first, then start the app for it.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const port = (probe.address() as AddressInfo).port;
      await new Promise((resolve) => probe.close(resolve));
      origin = `http://127.0.0.1:${port}`;
      t = await createTestApp({ ACCOUNT_APP_DIR: await builtAccountApp(), PUBLIC_URL: origin });
      server = createHttpServer(t.app, '');
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      browser = await launchChromium();
      clearScreenshots();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
      await t?.close();
    });

    it('sign up, verify, profile, 2FA on, sign in with a code, client key, API key, activity, sessions, password, reset, 2FA off', async () => {
      const email = uniqueEmail('journey');
      const page = await watchedPage(browser, origin);

      // Sign up.
      await page.goto(`${origin}/account/sign-up`);
      await checkPage(page, 'sign-up');
      await page.getByLabel('Email').fill(email);
      // The policy's hints follow the typing (zxcvbn with the server's options, in the page).
      await page.getByLabel('Password').fill('Password1!');
      await page.getByText(/^Too easy to guess/).waitFor();
      await checkPage(page, 'sign-up-weak-password');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByText('Hard enough to guess.').waitFor();
      await page.getByRole('button', { name: 'Create the account' }).click();
      await page.getByRole('status').filter({ hasText: 'open the link in the mail' }).waitFor();
      await checkPage(page, 'signed-up');

      // Opening the mailed link changes nothing: the account is verified only by the click.
      await page.goto(mailedLink(email, '/account/verify'));
      await page.getByRole('button', { name: 'Verify' }).waitFor();
      await checkPage(page, 'verify');
      const early = await rest(t.app, 'POST', '/auth', { basic: { username: email, password: PASSWORD } });
      expect(early.body.code).toBe('UserNotVerified');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('status').filter({ hasText: 'is verified' }).waitFor();
      await checkPage(page, 'verified');

      // Sign in with the password alone, then turn 2FA on in the page, reading the secret from it.
      await signIn(page, email, PASSWORD);

      // Profile and address: only the changed fields are sent; the form shows what the server kept.
      await page.getByLabel('First name').fill('Ada');
      await page.getByLabel('Last name').fill('Lovelace');
      await page.getByLabel('City').fill('London');
      await page.getByLabel('Country').fill('United Kingdom');
      await page.getByRole('button', { name: 'Save the profile' }).click();
      await page.getByRole('status').filter({ hasText: 'Your profile is saved.' }).waitFor();
      await checkPage(page, 'profile');
      const token = (await rest(t.app, 'POST', '/auth', { basic: { username: email, password: PASSWORD } })).body
        .accessToken;
      const me = await rest(t.app, 'GET', '/users/me', { token });
      expect(me.body).toMatchObject({ billingAddress: { country: 'United Kingdom' } });
      expect(await page.getByLabel('First name').inputValue()).toBe('Ada');
      await page.getByRole('link', { name: 'Two-factor' }).click();
      await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      await page.getByText('Cannot scan? Type the key instead').click();
      await checkPage(page, 'two-factor-setup');
      const uri = (await page.locator('#twofa-uri').textContent()) ?? '';
      expect(await page.locator('svg.qr').getAttribute('data-otpauth')).toBe(uri);
      const totpSecret = URI.parse(uri).secret.base32;
      await page.getByLabel('Code from your authenticator app').fill(totpCode(totpSecret));
      await page.getByRole('button', { name: 'Turn two-factor on' }).click();
      const codes = page.getByRole('list', { name: 'Recovery codes' }).locator('code');
      await codes.first().waitFor();
      const recoveryCodes = await codes.allTextContents();
      expect(recoveryCodes).toHaveLength(10);
      await checkPage(page, 'two-factor-on');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the codes (.txt)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('recovery-codes.txt');
      const saved = await readFile((await download.path())!, 'utf8');
      for (const code of recoveryCodes) expect(saved).toContain(code);
      await page.getByRole('button', { name: 'I have saved them' }).click();
      await page.getByRole('button', { name: 'Turn two-factor off' }).waitFor();

      // Sign out, then in with the second step (the enabling code spent the current TOTP step)
      // and "keep me signed in".
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Email').waitFor();
      await checkPage(page, 'sign-in');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByLabel('Keep me signed in on this device').check();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel(/authenticator/).waitFor();
      await checkPage(page, 'sign-in-2fa');
      await page.getByLabel(/authenticator/).fill(totpCode(totpSecret, 1));
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.locator('dd', { hasText: email }).waitFor();
      // The token was in memory only; the kept session's HttpOnly cookie signs the reload back in.
      expect(await page.evaluate(() => document.cookie)).toBe('');
      await page.reload();
      await page.locator('dd', { hasText: email }).waitFor();

      // A client key: the secret shown once, then deleted.
      await page.getByRole('link', { name: 'Client keys' }).click();
      await page.getByRole('button', { name: 'Create a client key' }).click();
      const secret = await page.locator('#new-client-secret').textContent();
      expect(secret).toMatch(/\S{20,}/);
      await checkPage(page, 'client-key-created');
      await page.getByRole('button', { name: /^Delete the client key/ }).click();
      await page.getByText('No client keys.').waitFor();

      // The GreenCloud API key: shown on request; rotating (after a confirmation) ends its sessions.
      await page.getByRole('link', { name: 'API key' }).click();
      await page.getByRole('button', { name: 'Show the key' }).click();
      const oldKey = (await page.locator('#api-key').textContent()) ?? '';
      const keySession = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: oldKey } });
      expect(keySession.status).toBe(200);
      // By keyboard: the question takes the focus (on Cancel); Shift+Tab and Enter say yes.
      await page.getByRole('button', { name: 'Rotate the key…' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
      await checkPage(page, 'api-key-confirm');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'The key is replaced.' }).waitFor();
      const newKey = (await page.locator('#api-key').textContent()) ?? '';
      expect(newKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(newKey).not.toBe(oldKey);
      expect((await rest(t.app, 'GET', '/users/me', { token: keySession.body.accessToken })).status).toBe(401);
      expect((await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: oldKey } })).status).toBe(401);

      // Activity: the calls above, 20 a page with "Show more", and the events field's filters.
      await t.app.services.events.flush();
      await page.getByRole('link', { name: 'Activity' }).click();
      const events = page.getByRole('list', { name: 'Events' }).locator('li');
      await expect.poll(() => events.count()).toBe(20);
      await page.getByRole('button', { name: 'Show more' }).click();
      await expect.poll(() => events.count()).toBeGreaterThan(20);
      await page.getByLabel('HTTP status').fill('200');
      await page.getByRole('button', { name: 'Apply the filters' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Showing \d+ event/);
      for (const text of await events.allTextContents()) expect(text).toContain('status 200');
      await checkPage(page, 'activity');
      await page.getByLabel('Until (your local time)').fill('2020-01-01T00:00');
      await page.getByRole('button', { name: 'Apply the filters' }).click();
      await page.getByRole('status').filter({ hasText: 'No activity matches.' }).waitFor();

      // Two more sessions (made over the API with recovery codes); the newest is ended from the page.
      const apiLogin = await rest(t.app, 'POST', '/auth', {
        basic: { username: email, password: PASSWORD },
        headers: { 'x-twofa': recoveryCodes[3]! },
      });
      const other = await rest(t.app, 'POST', '/auth', {
        basic: { username: email, password: PASSWORD },
        headers: { 'x-twofa': recoveryCodes[0]! },
      });
      expect(other.status).toBe(200);
      await page.getByRole('link', { name: 'Sessions' }).click();
      // Newest first: the session just made heads the list (the API sign-in above is still live too).
      const newest = page.getByRole('button', { name: /^End this session/ }).first();
      await newest.waitFor();
      await checkPage(page, 'sessions');
      await newest.click();
      await page.getByRole('status').filter({ hasText: 'The session was ended.' }).waitFor();
      expect((await rest(t.app, 'GET', '/users/me', { token: other.body.accessToken })).status).toBe(401);
      expect((await rest(t.app, 'GET', '/users/me', { token: apiLogin.body.accessToken })).status).toBe(200);

      // Change the password (2FA is on: a recovery code); this session stays signed in.
      await page.getByRole('link', { name: 'Password' }).click();
      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill(CHANGED_PASSWORD);
      await page.getByLabel('New password, again').fill(CHANGED_PASSWORD);
      await page.getByLabel(/recovery code/).fill(recoveryCodes[4]!);
      await page.getByText('Hard enough to guess.').waitFor();
      await checkPage(page, 'change-password');
      await page.getByRole('button', { name: 'Change the password' }).click();
      await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
      expect((await rest(t.app, 'GET', '/users/me', { token: apiLogin.body.accessToken })).status).toBe(401);
      const changed = await rest(t.app, 'POST', '/auth', {
        basic: { username: email, password: CHANGED_PASSWORD },
        headers: { 'x-twofa': recoveryCodes[5]! },
      });
      expect(changed.status).toBe(200);
      await page.getByRole('link', { name: 'Profile' }).click();
      await page.locator('dd', { hasText: email }).waitFor();

      // Sign out ends the session: the page is back at sign-in.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();

      // Reset through the mailed link: the new password twice, then the recovery code asked for.
      await page.goto(`${origin}/account/reset`);
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Send a reset link' }).click();
      await page.getByRole('status').filter({ hasText: 'a mail with a link' }).waitFor();
      await t.app.services.background.drain();
      await page.goto(mailedLink(email, '/account/reset'));
      expect(new URL(page.url()).searchParams.get('code')).toBe(lastMailValue(t.config, email, 'Reset code'));
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('New password, again').fill(NEW_PASSWORD);
      await checkPage(page, 'reset');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('two-factor code');
      await page.getByLabel(/recovery code/).fill(recoveryCodes[1]!);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
      await checkPage(page, 'reset-done');

      // The TOTP step used above cannot be spent twice: a recovery code makes the last sign-in.
      await signIn(page, email, NEW_PASSWORD, recoveryCodes[2]!);

      // 2FA off again, by keyboard: it takes a code (a recovery code here).
      await page.getByRole('link', { name: 'Two-factor' }).click();
      await page.getByLabel(/recovery code/).focus();
      await page.keyboard.type(recoveryCodes[6]!);
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Two-factor authentication is off.' }).waitFor();
      await checkPage(page, 'two-factor-off');
      expect(page.problems).toEqual([]);
      await page.close();
    });
  },
);
