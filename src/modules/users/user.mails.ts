import type { MailMessage } from '../mail/mailer.js';

/** When and from where a sign-up came, so the address's owner can tell an attempt that is not theirs. */
export interface VerificationOrigin {
  requestedAt: Date;
  clientIp: string;
}

// Every fixed line stays under 76 characters and PUBLIC_URL and the IP address stand on lines of
// their own: a longer line makes nodemailer quoted-printable-encode the whole body, which breaks
// `grep` on the outbox.
export function verificationMail(
  publicUrl: string,
  to: string,
  userId: string,
  token: string,
  origin: VerificationOrigin,
): MailMessage {
  return {
    to,
    subject: 'Verify your email address',
    text: [
      'Welcome! Confirm this address to finish creating your account.',
      '',
      `User id: ${userId}`,
      `Verification token: ${token}`,
      '',
      `Signed up at: ${origin.requestedAt.toISOString()}`,
      'From IP address:',
      origin.clientIp,
      '',
      'Verify with a PUT request to <base>/users/<user id>/token/<token>,',
      'where <base> is',
      publicUrl,
      '',
      'Only the token from the newest sign-up works: signing up again with',
      'this address replaces the password and profile of an unverified',
      'account and retires every token mailed before.',
      '',
      'If you did not sign up at that time, do not verify; ignore this',
      'message.',
    ].join('\n'),
  };
}
