import { builder } from '../../graphql/builder.js';
import { AccessToken } from '../auth/auth.schema.js';

builder.mutationField('changePassword', (t) =>
  t.field({
    type: AccessToken,
    description:
      "Changes the caller's password. oldPassword is checked when given; twofa is required while 2FA is on. Every account token issued before stops working; the answer carries a fresh one for the caller. Errors: InvalidOldPassword, SamePassword, WeakPassword, TwoFactorRequired, InvalidTwoFactorCode.",
    args: {
      newPassword: t.arg.string({ required: true }),
      oldPassword: t.arg.string({ required: false }),
      twofa: t.arg.string({ required: false, description: 'Current TOTP or recovery code, when 2FA is on.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { user } = await ctx.credentials.requireAccount();
      const result = await ctx.services.passwords.change(user, args);
      return { accessToken: result.token, expiresAt: result.expiresAt };
    },
  }),
);

builder.mutationField('requestPasswordReset', (t) =>
  t.boolean({
    description:
      'Mails a reset code to the account with this email, if there is one. Always true, in the same time either way.',
    args: { email: t.arg.string({ required: true }) },
    resolve: async (_root, { email }, ctx) => {
      await ctx.services.passwords.requestReset(email);
      return true;
    },
  }),
);

builder.mutationField('resetPassword', (t) =>
  t.boolean({
    description:
      'Sets a new password with an emailed reset code (and twofa while 2FA is on). Revokes every earlier account token. Errors: InvalidResetCode, ResetCodeExpired, WeakPassword, TwoFactorRequired, InvalidTwoFactorCode.',
    args: {
      code: t.arg.string({ required: true, description: 'The 32-hex code from the mail.' }),
      password: t.arg.string({ required: true }),
      twofa: t.arg.string({ required: false }),
      email: t.arg.string({
        required: false,
        description: "Optional: the account the code is for; the code must then be that account's.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const user = await ctx.services.passwords.confirmReset(args);
      ctx.attribution.userId = user.id;
      return true;
    },
  }),
);
