import { builder } from '../../graphql/builder.js';
import { AccessToken, accessToken } from '../auth/auth.schema.js';
import { sessionOrigin } from '../sessions/session-origin.js';

builder.mutationField('loginWithApiKey', (t) =>
  t.field({
    type: AccessToken,
    description: 'Trades the GreenCloud API key for an account access token. Errors: InvalidApiKey, UserNotVerified.',
    args: { key: t.arg.string({ required: true }) },
    policy: {
      caller: 'anyone',
      strength: 'any',
      limit: 'RATE_LIMIT_LOGIN',
      guess: true,
      lockout: {
        // A key guesser tries a new key each time, so failures are counted per client IP across
        // all keys; and a guesser's own valid key must not wipe that count, so success keeps it.
        target: async () => ({ key: 'api-key-login', resetOnSuccess: false }),
        failure: 'InvalidApiKey',
        proven: ['UserNotVerified'],
      },
      audit: { subject: { after: (token) => token.userId } },
    },
    resolve: async (_root, { key }, ctx) =>
      accessToken(await ctx.services.apiKeys.loginWithKey(key, sessionOrigin(ctx))),
  }),
);

builder.mutationField('rotateApiKey', (t) =>
  t.prismaField({
    type: 'User',
    description:
      'Gives the caller a new API key; the old one stops working at once, and so does every session made from it.',
    policy: { caller: 'account', strength: 'password', limit: null, guess: false, audit: 'caller' },
    resolve: (_query, _root, _args, ctx) => ctx.services.apiKeys.rotate(ctx.credentials.viewer.user),
  }),
);
