import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../../shared/logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text part; API users and scripts read its labelled lines. */
  text: string;
  /** The HTML part (multipart/alternative with `text`). */
  html?: string;
}

export interface MailerOptions {
  from: string;
  /** smtp:// or smtps:// URL; without one, messages are written to `outboxDir` as .eml files. */
  smtpUrl?: string;
  outboxDir: string;
}

/**
 * Sends mail through nodemailer: real SMTP when configured, otherwise a local outbox folder so a
 * newcomer can finish sign-up with no mail server. Logs a one-line summary, never the body (it
 * carries codes).
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly options: MailerOptions,
    private readonly logger: Logger,
  ) {
    this.transport = options.smtpUrl
      ? // Short timeouts: nodemailer's defaults (minutes) would let a hung mail server hold requests.
        nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.options.from, ...message, text: plainPart(message.text) });
    if (this.options.smtpUrl) {
      this.logger.info({ subject: message.subject, messageId: info.messageId }, 'mail sent');
      return;
    }
    mkdirSync(this.options.outboxDir, { recursive: true });
    const file = join(
      this.options.outboxDir,
      `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`,
    );
    writeFileSync(file, info.message as Buffer, { mode: 0o600 });
    this.logger.info(
      { subject: message.subject, file: relative(process.cwd(), file) },
      'mail written to the local outbox',
    );
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * The text part as written, not quoted-printable. nodemailer QP-encodes any text with a line over
 * 76 characters (here the link), and its soft breaks can split the labelled lines
 * ("Reset code: =" / "<code>") that scripts and the README tour grep for; a content-level
 * contentTransferEncoding is overridden for text. So the part goes as a raw MIME node: 7bit
 * (8bit with German), lines far under the 998 octets RFC 5322 allows.
 */
function plainPart(text: string): { raw: string } {
  // eslint-disable-next-line no-control-regex
  const encoding = /^[\x00-\x7f]*$/.test(text) ? '7bit' : '8bit';
  return { raw: `Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: ${encoding}\n\n${text}` };
}
