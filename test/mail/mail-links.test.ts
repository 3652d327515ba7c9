import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastMailValue, mailsTo, useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUpVerified, uniqueEmail } from '../support/http.js';

const t = useTestApp();

function lastMail(email: string): string {
  const mail = mailsTo(t.config, email).at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  return mail;
}

/** The raw .eml of the newest mail to `email`, as a mail client receives it. */
function rawMail(email: string): string {
  const dir = join(t.config.DATA_DIR, 'mail');
  const raw = readdirSync(dir)
    .sort()
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .filter((text) => text.includes(`To: ${email}`))
    .at(-1);
  if (!raw) throw new Error(`no mail to ${email}`);
  return raw;
}

function link(mail: string, path: string): URL {
  const href = new RegExp(`^(https?://\\S+${path}\\?\\S+)$`, 'm').exec(mail)?.[1];
  if (!href) throw new Error(`no ${path} link in the text part`);
  return new URL(href);
}

describe('mails a person can act on', () => {
  it('the verification mail has a text and an HTML part, both linking to the verify page', async () => {
    const email = uniqueEmail('links');
    const created = await rest(t.app, 'POST', '/users', { body: { email, password: PASSWORD, displayName: 'Al <b>' } });
    expect(created.status).toBe(201);
    const raw = rawMail(email);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/m);
    expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8/m);

    const mail = lastMail(email);
    const token = lastMailValue(t.config, email, 'Verification token');
    const url = link(mail, '/account/verify');
    expect(url.origin + url.pathname).toBe(`${t.config.PUBLIC_URL}/account/verify`);
    expect(url.searchParams.get('user')).toBe(created.body.id);
    expect(url.searchParams.get('token')).toBe(token);
    // The HTML part links to the same page, its & escaped for the attribute.
    expect(mail).toContain(`href="${url.href.replace(/&/g, '&#38;')}"`);
    expect(mail).not.toContain(PASSWORD);
  });

  it('the reset mail links to the reset page with the email and the code filled in', async () => {
    const { email } = await signUpVerified(t, uniqueEmail('reset-link'));
    expect((await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email } })).status).toBe(204);
    await expect.poll(() => mailsTo(t.config, email).length).toBe(2);
    const code = lastMailValue(t.config, email, 'Reset code');
    const url = link(lastMail(email), '/account/reset');
    expect(url.searchParams.get('email')).toBe(email);
    expect(url.searchParams.get('code')).toBe(code);
  });

  it("mails go out in the sign-up's Accept-Language (German), English otherwise", async () => {
    const german = uniqueEmail('de');
    await rest(t.app, 'POST', '/users', {
      body: { email: german, password: PASSWORD },
      headers: { 'Accept-Language': 'fr-CH, de-DE;q=0.8, en;q=0.5' },
    });
    const mail = lastMail(german);
    expect(mail).toContain('Bestätigen Sie Ihre E-Mail-Adresse');
    // Programs read the labelled lines in every language.
    const token = lastMailValue(t.config, german, 'Verification token');
    const id = lastMailValue(t.config, german, 'User id');
    expect((await rest(t.app, 'PUT', `/users/${id}/token/${token}`)).status).toBe(204);

    // The account keeps its language: the reset mail, asked for without any header, is German too.
    expect((await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email: german } })).status).toBe(204);
    await expect.poll(() => mailsTo(t.config, german).length).toBe(2);
    expect(lastMail(german)).toContain('Passwort zurücksetzen');

    const english = uniqueEmail('en');
    await rest(t.app, 'POST', '/users', {
      body: { email: english, password: PASSWORD },
      headers: { 'Accept-Language': 'de;q=0, fr' },
    });
    expect(lastMail(english)).toMatch(/^Subject: Verify your email address/m);
  });
});
