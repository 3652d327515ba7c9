import { builder } from '../../graphql/builder.js';
import { sessionOrigin } from '../sessions/session-origin.js';

export const AccessToken = builder.simpleObject('AccessToken', {
  fields: (t) => ({
    accessToken: t.string({ description: 'Compact JWS; send it as `Authorization: Bearer <token>`.' }),
    expiresAt: t.field({ type: 'DateTime' }),
  }),
});

builder.mutationField('login', (t) =>
  t.field({
    type: AccessToken,
    description:
      'Exchanges email (or user id) and password for a 12-hour account access token. Errors: InvalidCredentials, UserNotVerified, TwoFactorRequired, InvalidTwoFactorCode.',
    args: {
      username: t.arg.string({ required: true, description: 'Email or user id.' }),
      password: t.arg.string({ required: true }),
      twofa: t.arg.string({ required: false, description: 'Current TOTP or recovery code, when 2FA is on.' }),
    },
    resolve: async (_root, args, ctx) => {
      const result = await ctx.services.login.login(args, sessionOrigin(ctx));
      ctx.attribution.userId = result.user.id;
      return { accessToken: result.token, expiresAt: result.expiresAt };
    },
  }),
);
