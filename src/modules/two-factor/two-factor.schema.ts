import { builder } from '../../graphql/builder.js';

const TwoFactorSetup = builder.simpleObject('TwoFactorSetup', {
  description: 'A new TOTP secret, waiting for its first code in enableTwoFactor.',
  fields: (t) => ({
    secret: t.string({ description: "Base32 secret (GreenCloud's seed) for typing into an authenticator app." }),
    uri: t.string({ description: '`otpauth://totp/...` URI, for a QR code.' }),
  }),
});

const TwoFactorEnabled = builder.simpleObject('TwoFactorEnabled', {
  fields: (t) => ({
    recoveryCodes: t.stringList({
      description: 'Ten one-time codes that stand in for a TOTP code. Shown this once; keep them safe.',
    }),
  }),
});

builder.mutationField('setupTwoFactor', (t) =>
  t.field({
    type: TwoFactorSetup,
    description:
      'Starts (or restarts) two-factor setup with a new secret; nothing changes until enableTwoFactor. Errors: Unauthenticated, TwoFactorAlreadyEnabled.',
    policy: { caller: 'account', strength: 'password', limit: 'RATE_LIMIT_TWOFA', guess: false, audit: 'caller' },
    resolve: (_root, _args, ctx) => ctx.services.twoFactor.setup(ctx.credentials.viewer.user),
  }),
);

builder.mutationField('enableTwoFactor', (t) =>
  t.field({
    type: TwoFactorEnabled,
    description:
      'Turns two-factor on with a first code from the secret setupTwoFactor gave; every other session ends. Errors: TwoFactorSetupRequired, TwoFactorAlreadyEnabled, InvalidTwoFactorCode.',
    args: { code: t.arg.string({ required: true, description: 'The 6-digit code the app shows now.' }) },
    policy: { caller: 'account', strength: 'password', limit: 'RATE_LIMIT_TWOFA', guess: true, audit: 'caller' },
    resolve: async (_root, { code }, ctx) => {
      const { user, session } = ctx.credentials.viewer;
      return { recoveryCodes: await ctx.services.twoFactor.enable(user, code, session) };
    },
  }),
);

builder.mutationField('disableTwoFactor', (t) =>
  t.boolean({
    description:
      'Turns two-factor off; needs a current TOTP code or an unused recovery code; every other session ends. Errors: TwoFactorNotEnabled, InvalidTwoFactorCode.',
    args: { code: t.arg.string({ required: true }) },
    policy: { caller: 'account', strength: 'password', limit: 'RATE_LIMIT_TWOFA', guess: true, audit: 'caller' },
    resolve: async (_root, { code }, ctx) => {
      const { user, session } = ctx.credentials.viewer;
      await ctx.services.twoFactor.disable(user, code, session);
      return true;
    },
  }),
);
