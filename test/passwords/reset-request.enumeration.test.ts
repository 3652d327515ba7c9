import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, mailsTo, useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified, uniqueEmail, type Reply } from '../support/http.js';

/**
 * Threat: learning which emails have accounts from the reset request. The answer must be the
 * same in status, body, headers and time. Everything that differs (lookup, code, mail) happens
 * after the answer; to make a difference on the request path impossible to miss, the mail
 * transport here is slowed down like a sluggish SMTP server.
 */
const t = useTestApp();
const MAIL_DELAY_MS = 150;
beforeAll(async () => {
  const mailer = t.app.services.mailer;
  const send = mailer.send.bind(mailer);
  mailer.send = async (message) => {
    await new Promise((resolve) => setTimeout(resolve, MAIL_DELAY_MS));
    return send(message);
  };
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(email: string): Promise<{ ms: number; reply: Reply }> {
  const started = performance.now();
  const reply = await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email } });
  const ms = performance.now() - started;
  // Background work of one sample must not slow the next one down.
  await t.app.services.background.drain();
  return { ms, reply };
}

const shape = (reply: Reply) => ({
  status: reply.status,
  text: reply.text,
  headers: [...reply.headers.keys()].filter((name) => name !== 'x-request-id').sort(),
});

describe('reset request enumeration', () => {
  it('answers an existing and an unknown email alike: status, body and headers', async () => {
    const user = await signUpVerified(t);
    const known = await timed(user.email);
    const unknown = await timed(uniqueEmail('nobody'));
    expect(shape(known.reply)).toEqual(shape(unknown.reply));
    expect(known.reply.status).toBe(204);
    expect(known.reply.text).toBe('');
    // The difference exists only in the mailbox of the account's owner.
    expect(mailsTo(t.config, user.email).filter((m) => m.includes('Reset code:'))).toHaveLength(1);
  });

  it('answers both in the same time, even when sending the mail is slow', async () => {
    const user = await signUpVerified(t);
    const known: number[] = [];
    const unknown: number[] = [];
    await timed(uniqueEmail('warm-up'));
    for (let i = 0; i < 8; i++) {
      known.push((await timed(user.email)).ms);
      unknown.push((await timed(uniqueEmail('nobody'))).ms);
    }
    // Both answers take a few milliseconds, where a ratio is only noise; what must hold is that
    // they differ by far less than the mail's delay. Had the mail been sent on the request path,
    // every known-email answer would wait for it and the gap would be at least MAIL_DELAY_MS.
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(MAIL_DELAY_MS / 3);
    expect(median(known)).toBeLessThan(MAIL_DELAY_MS);
    expect(mailsTo(t.config, user.email).filter((m) => m.includes('Reset code:'))).toHaveLength(8);
  });

  it('GraphQL answers true for both, with the same body', async () => {
    const user = await signUpVerified(t);
    const MUTATION = 'mutation ($e: String!) { requestPasswordReset(email: $e) }';
    const known = await gql(t.app, MUTATION, { e: user.email });
    const unknown = await gql(t.app, MUTATION, { e: uniqueEmail('nobody') });
    expect(known.text).toBe(unknown.text);
    expect(known.status).toBe(unknown.status);
    await t.app.services.background.drain();
  });

  it('a failing mail transport is logged off the request path and still answers 204', async () => {
    const user = await signUpVerified(t);
    const mailer = t.app.services.mailer;
    const original = mailer.send;
    mailer.send = async () => {
      throw new Error('SMTP down');
    };
    try {
      const reply = await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email: user.email } });
      expect(reply.status).toBe(204);
      await t.app.services.background.drain();
    } finally {
      mailer.send = original;
    }
  });

  it('app.close() waits for reset mails already promised', async () => {
    const other = await createTestApp();
    try {
      const user = await signUpVerified(other);
      const mailer = other.app.services.mailer;
      const send = mailer.send.bind(mailer);
      mailer.send = async (message) => {
        await new Promise((resolve) => setTimeout(resolve, MAIL_DELAY_MS));
        return send(message);
      };
      const reply = await rest(other.app, 'POST', '/api/user/resetPassword', { body: { email: user.email } });
      expect(reply.status).toBe(204);
      expect(mailsTo(other.config, user.email).filter((m) => m.includes('Reset code:'))).toHaveLength(0);
      await other.app.close();
      expect(mailsTo(other.config, user.email).filter((m) => m.includes('Reset code:'))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
