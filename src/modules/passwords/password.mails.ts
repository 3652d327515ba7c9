import type { Locale } from '../mail/locale.js';
import type { MailMessage } from '../mail/mailer.js';
import { renderMail } from '../mail/render.js';
import { TEMPLATES } from '../mail/templates/index.js';

/** Links to the /account reset page with the code filled in; the page asks for the new password. */
export function resetMail(
  publicUrl: string,
  to: string,
  code: string,
  ttlSeconds: number,
  locale: Locale = 'en',
): MailMessage {
  const link = `${publicUrl}/account/reset?${new URLSearchParams({ email: to, code })}`;
  const minutes = String(Math.max(1, Math.round(ttlSeconds / 60)));
  return renderMail(to, TEMPLATES.reset[locale], { link, code, minutes, publicUrl });
}
