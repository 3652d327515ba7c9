import type { MailMessage } from '../mail/mailer.js';

// Lines stay under 76 characters so no transfer encoding wraps the code.
export function resetMail(publicUrl: string, to: string, code: string, ttlSeconds: number): MailMessage {
  const minutes = Math.max(1, Math.round(ttlSeconds / 60));
  return {
    to,
    subject: 'Reset your password',
    text: [
      'Someone asked to reset the password of the account with this address.',
      '',
      `Reset code: ${code}`,
      '',
      `The code works once, for ${minutes} minutes; asking again replaces it.`,
      'Set a new password by sending {"password", "code"} (and "twofa" when',
      'two-factor authentication is on) to:',
      `PUT ${publicUrl}/api/user/resetPassword`,
      '',
      'If you did not ask for this, ignore this message: your password stays',
      'as it is.',
    ].join('\n'),
  };
}
