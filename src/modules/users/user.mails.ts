import type { MailMessage } from '../mail/mailer.js';

// Every fixed line stays under 76 characters and PUBLIC_URL stands on a line of its own: a longer
// line makes nodemailer quoted-printable-encode the whole body, which breaks `grep` on the outbox.
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
      'Verify with a PUT request to <base>/users/<user id>/token/<token>,',
      'where <base> is',
      publicUrl,
      '',
      'If you did not sign up, ignore this message.',
    ].join('\n'),
  };
}
