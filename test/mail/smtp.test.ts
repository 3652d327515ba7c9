import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, mailsTo, type TestApp } from '../support/app.js';
import { PASSWORD, rest, uniqueEmail } from '../support/http.js';

// With SMTP_URL set, mail goes out over real SMTP (here to an in-process server) and nothing is
// written to the local outbox.

interface Received {
  from: string;
  to: string[];
  data: string;
}

let smtp: SMTPServer;
let t: TestApp;
const received: Received[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Accounts <accounts@example.com>' });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('mail over SMTP', () => {
  it('sign-up delivers the verification mail, and its token verifies the account', async () => {
    const email = uniqueEmail('smtp');
    const created = await rest(t.app, 'POST', '/users', {
      body: { email, password: PASSWORD, displayName: 'Mail Tester' },
    });
    expect(created.status).toBe(201);

    const mail = received.find((m) => m.to.includes(email));
    expect(mail, 'a mail reached the SMTP server').toBeDefined();
    expect(mail!.from).toBe('accounts@example.com');
    expect(mail!.data).toMatch(new RegExp(`^To: ${email.replace(/[.]/g, '\\.')}`, 'mi'));
    expect(mail!.data).toMatch(/^Subject: Verify your email address/m);
    expect(mail!.data).toContain(created.body.id);
    const token = /^Verification token: ([0-9a-f-]{36})\r?$/m.exec(mail!.data)?.[1];
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mail!.data).not.toContain(PASSWORD);

    // SMTP replaces the local outbox: nothing was written there.
    expect(mailsTo(t.config, email)).toEqual([]);

    expect((await rest(t.app, 'PUT', `/users/${created.body.id}/token/${token}`)).status).toBe(204);
  });

  it('a failing SMTP server does not fail the sign-up (signing up again re-sends)', async () => {
    const down = await createTestApp({ SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const reply = await rest(down.app, 'POST', '/users', {
        body: { email: uniqueEmail('down'), password: PASSWORD },
      });
      expect(reply.status).toBe(201);
    } finally {
      await down.close();
    }
  });
});
