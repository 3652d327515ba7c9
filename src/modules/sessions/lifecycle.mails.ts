import type { DeletedClientKey } from '../client-keys/client-key.service.js';
import type { MailMessage } from '../mail/mailer.js';

// Lines stay under 76 characters so no transfer encoding wraps the key ids.
export function resetConfirmationMail(to: string, deletedKeys: DeletedClientKey[]): MailMessage {
  const keys = deletedKeys.length
    ? [
        'These client keys were deleted; make new ones for the programs that',
        'still need them:',
        ...deletedKeys.flatMap((key) => [`Deleted client key: ${key.id}`, `  created ${key.createdAt.toISOString()}`]),
      ]
    : ['No client key was deleted.'];
  return {
    to,
    subject: 'Your password was reset',
    text: [
      'The password of the account with this address was reset with a code',
      'mailed to it. To lock out anyone else who may have had access:',
      '',
      '- every signed-in session was ended, and every refresh token revoked;',
      '- the API key was replaced (read the new one from GET /api/user);',
      '- the client keys were handled as follows.',
      '',
      ...keys,
      '',
      'If you did not reset your password, reset it again now.',
    ].join('\n'),
  };
}
