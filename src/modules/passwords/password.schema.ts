import { builder } from '../../graphql/builder.js';
import { AccessToken, accessToken } from '../auth/auth.schema.js';

builder.mutationField('changePassword', (t) =>
  t.field({
    type: AccessToken,
    description:
      "Changes the caller's password. oldPassword is checked when given; twofa is required while 2FA is on. Every other session ends; the caller's session keeps working and the answer carries a fresh token for it. Errors: InvalidOldPassword, SamePassword, WeakPassword, TwoFactorRequired, InvalidTwoFactorCode.",
    args: {
      newPassword: t.arg.string({ required: true }),
      oldPassword: t.arg.string({ required: false }),
      twofa: t.arg.string({ required: false, description: 'Current TOTP or recovery code, when 2FA is on.' }),
    },
    policy: {
      caller: 'account',
      strength: 'password',
      limit: 'RATE_LIMIT_PASSWORD_CHANGE',
      guess: true,
      audit: 'caller',
    },
    resolve: async (_root, args, ctx) => {
      const { user, session } = ctx.credentials.viewer;
      return accessToken(await ctx.services.passwords.change(user, args, session));
    },
  }),
);

builder.mutationField('requestPasswordReset', (t) =>
  t.boolean({
    description:
      'Mails a reset code to the account with this email, if there is one. Always true, in the same time either way.',
    args: { email: t.arg.string({ required: true }) },
    // Nobody's trail: the answer must not tell (nor record) whether the email has an account.
    policy: { caller: 'anyone', strength: 'any', limit: 'RATE_LIMIT_RESET_REQUEST', guess: true, audit: 'none' },
    resolve: async (_root, { email }, ctx) => {
      await ctx.services.passwords.requestReset(email);
      return true;
    },
  }),
);

builder.mutationField('resetPassword', (t) =>
  t.boolean({
    description:
      'Sets a new password with an emailed reset code (and twofa while 2FA is on). Ends every session and refresh token, replaces the API key and deletes the client keys (listed in a confirmation mail) unless keepClientKeys is true. Errors: InvalidResetCode, ResetCodeExpired, WeakPassword, TwoFactorRequired, InvalidTwoFactorCode.',
    args: {
      code: t.arg.string({ required: true, description: 'The 32-hex code from the mail.' }),
      password: t.arg.string({ required: true }),
      twofa: t.arg.string({ required: false }),
      email: t.arg.string({
        required: false,
        description: "Optional: the account the code is for; the code must then be that account's.",
      }),
      keepClientKeys: t.arg.boolean({
        required: false,
        description: 'Keep the client keys (and their access tokens) instead of deleting them. Default false.',
      }),
    },
    policy: {
      caller: 'anyone',
      strength: 'any',
      limit: 'RATE_LIMIT_RESET_CONFIRM',
      guess: true,
      // The code's owner, looked up before the reset spends the code.
      audit: { subject: { before: (args, services) => services.passwords.resetCodeOwner(args) } },
    },
    resolve: async (_root, args, ctx) => {
      await ctx.services.passwords.confirmReset(args);
      return true;
    },
  }),
);
