import { builder } from '../../graphql/builder.js';

builder.queryField('exportMyData', (t) =>
  t.field({
    type: 'JSONObject',
    description:
      'Everything stored about you as one JSON document: profile, client-key metadata, sessions and audit events (newest 10000). Never a hash, secret or API key. Errors: Unauthenticated, InvalidToken.',
    // Nothing in it that the same token cannot already read field by field.
    policy: { caller: 'account', strength: 'any', limit: null, guess: false, audit: 'caller' },
    resolve: (_root, _args, ctx) => ctx.services.accountData.export(ctx.credentials.viewer.user),
  }),
);

builder.mutationField('deleteMyAccount', (t) =>
  t.boolean({
    description:
      'Deletes your account and everything that authenticates it (sessions, API key, client keys, refresh tokens, codes); the email is free again, and your audit events are deleted or anonymised (ACCOUNT_DELETION_EVENTS). Needs the password, and twofa while 2FA is on. Errors: InvalidOldPassword, TwoFactorRequired, InvalidTwoFactorCode, PasswordSignInRequired.',
    args: {
      password: t.arg.string({ required: true }),
      twofa: t.arg.string({ required: false, description: 'Current TOTP or recovery code, when 2FA is on.' }),
    },
    policy: {
      caller: 'account',
      strength: 'password',
      // Counted as a password change is: a token holder guessing the password meets the same limit.
      limit: 'RATE_LIMIT_PASSWORD_CHANGE',
      guess: true,
      // A refused attempt joins the account's trail (the error names it); a success joins none,
      // since the account and its trail are gone by the time the request's event would be written.
      audit: { subject: { after: () => undefined } },
    },
    resolve: async (_root, args, ctx) => {
      await ctx.services.accountData.deleteMine(ctx.credentials.viewer.user, args);
      return true;
    },
  }),
);
