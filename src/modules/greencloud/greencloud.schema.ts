import { builder } from '../../graphql/builder.js';
import { AccessToken } from '../auth/auth.schema.js';
import { sessionOrigin } from '../sessions/session-origin.js';

builder.mutationField('loginWithApiKey', (t) =>
  t.field({
    type: AccessToken,
    description: 'Trades the GreenCloud API key for an account access token. Errors: InvalidApiKey, UserNotVerified.',
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, { key }, ctx) => {
      const result = await ctx.services.apiKeys.loginWithKey(key, sessionOrigin(ctx));
      ctx.attribution.userId = result.user.id;
      return { accessToken: result.token, expiresAt: result.expiresAt };
    },
  }),
);

builder.mutationField('rotateApiKey', (t) =>
  t.prismaField({
    type: 'User',
    description:
      'Gives the caller a new API key; the old one stops working at once, and so does every session made from it.',
    resolve: async (_query, _root, _args, ctx) => {
      const { user } = await ctx.credentials.requireAccount();
      return ctx.services.apiKeys.rotate(user);
    },
  }),
);
