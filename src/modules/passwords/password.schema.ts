import { builder } from '../../graphql/builder.js';
import { AccessToken } from '../auth/auth.schema.js';

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
    resolve: async (_root, args, ctx) => {
      const { user, session } = await ctx.credentials.requireAccount();
      const result = await ctx.services.passwords.change(user, args, session);
      return { accessToken: result.token, expiresAt: result.expiresAt };
    },
  }),
);

builder.mutationField('requestPasswordReset', (t) =>
  t.boolean({
    description:
      'Mails a reset code to the account with this email, if there is one. Always true, in the same time either way.',
    args: { email: t.arg.string({ required: true }) },
    resolve: (_root, { email }, ctx) => {
      ctx.services.passwords.requestReset(email);
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
        description: 'Optional: the account the code is for, so that wrong codes count against it.',
      }),
      keepClientKeys: t.arg.boolean({
        required: false,
        description: 'Keep the client keys (and their access tokens) instead of deleting them. Default false.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const user = await ctx.services.passwords.confirmReset(args);
      ctx.attribution.userId = user.id;
      return true;
    },
  }),
);
