import type { Locale } from '../mail/locale.js';
import type { MailMessage } from '../mail/mailer.js';
import { renderMail } from '../mail/render.js';
import { TEMPLATES } from '../mail/templates/index.js';

/** When and from where a sign-up came, so the address's owner can tell an attempt that is not theirs. */
export interface VerificationOrigin {
  requestedAt: Date;
  clientIp: string;
}

/** Links to the /account verify page, which asks for a click: opening the link changes nothing. */
export function verificationMail(
  publicUrl: string,
  to: string,
  userId: string,
  token: string,
  origin: VerificationOrigin,
  locale: Locale = 'en',
): MailMessage {
  const link = `${publicUrl}/account/verify?${new URLSearchParams({ user: userId, token })}`;
  return renderMail(to, TEMPLATES.verify[locale], {
    link,
    userId,
    token,
    publicUrl,
    requestedAt: origin.requestedAt.toISOString(),
    clientIp: origin.clientIp,
  });
}
