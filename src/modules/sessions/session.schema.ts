import { builder } from '../../graphql/builder.js';
import { AUTH_METHODS, type AuthMethod } from './session.types.js';

/** Every session field: the bearer of an account token, on its own trail; no secret is checked. */
const ACCOUNT = { caller: 'account', strength: 'any', limit: null, guess: false, audit: 'caller' } as const;

const SessionMethod = builder.enumType('SessionMethod', {
  description:
    'How a session signed in: password, password plus a second factor (password_2fa), or the GreenCloud API key (api_key).',
  values: AUTH_METHODS,
});

builder.prismaObject('Session', {
  description: 'One sign-in. Every account access token belongs to one; ending it stops its tokens at once.',
  fields: (t) => ({
    id: t.exposeID('id'),
    current: t.boolean({
      description: 'True for the session of the token this request was made with.',
      resolve: async (session, _args, ctx) => session.id === (await ctx.credentials.requireAccount()).session.id,
    }),
    method: t.field({ type: SessionMethod, resolve: (session) => session.method as AuthMethod }),
    ip: t.exposeString('ip', { description: 'The client address the sign-in came from.' }),
    userAgent: t.exposeString('userAgent', {
      description: 'The User-Agent header of the sign-in (at most 256 characters).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      description: 'When a token of this session was last used (to about the minute).',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When the session ends by itself.' }),
  }),
});

builder.queryField('sessions', (t) =>
  t.prismaField({
    type: ['Session'],
    description: 'Your live sessions, newest first; `current` marks the one making this request.',
    policy: ACCOUNT,
    resolve: (_query, _root, _args, ctx) => ctx.services.sessions.list(ctx.credentials.viewer.user.id),
  }),
);

builder.mutationField('endSession', (t) =>
  t.boolean({
    description:
      "Ends one of your sessions (the current one too, if named); its tokens stop working at once. Another user's session, or an unknown or ended one, is SessionNotFound.",
    args: { id: t.arg.id({ required: true }) },
    policy: ACCOUNT,
    resolve: async (_root, { id }, ctx) => {
      const { user } = ctx.credentials.viewer;
      await ctx.services.sessions.end(user.id, String(id));
      return true;
    },
  }),
);

builder.mutationField('endOtherSessions', (t) =>
  t.int({
    description: 'Ends every session of yours except the current one; returns how many ended.',
    policy: ACCOUNT,
    resolve: (_root, _args, ctx) => {
      const { user, session } = ctx.credentials.viewer;
      return ctx.services.sessions.endOthers(user.id, session.id);
    },
  }),
);

builder.mutationField('logout', (t) =>
  t.boolean({
    description: 'Ends the current session: the token this request was made with stops working.',
    policy: ACCOUNT,
    resolve: async (_root, _args, ctx) => {
      const { user, session } = ctx.credentials.viewer;
      await ctx.services.sessions.end(user.id, session.id);
      return true;
    },
  }),
);
