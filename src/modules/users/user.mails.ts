import type { MailMessage } from '../mail/mailer.js';

// Lines stay under 76 characters so no transfer encoding wraps the token or the id.
export function verificationMail(publicUrl: string, to: string, userId: string, token: string): MailMessage {
  return {
    to,
    subject: 'Verify your email address',
    text: [
      'Welcome! Confirm this address to finish creating your account.',
      '',
      `User id: ${userId}`,
      `Verification token: ${token}`,
      '',
      `Verify with: PUT ${publicUrl}/users/<user id>/token/<token>`,
      '',
      'If you did not sign up, ignore this message.',
    ].join('\n'),
  };
}
