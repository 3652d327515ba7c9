import { builder } from '../../graphql/builder.js';
import { AUTH_METHODS, type AuthMethod } from './session.types.js';

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

// policy: caller=account strength=any audit=caller
builder.queryField('sessions', (t) =>
  t.prismaField({
    type: ['Session'],
    description: 'Your live sessions, newest first; `current` marks the one making this request.',
    resolve: async (_query, _root, _args, ctx) => {
      const { user } = await ctx.credentials.requireAccount();
      return ctx.services.sessions.list(user.id);
    },
  }),
);

// policy: caller=account strength=any audit=caller
builder.mutationField('endSession', (t) =>
  t.boolean({
    description:
      "Ends one of your sessions (the current one too, if named); its tokens stop working at once. Another user's session, or an unknown or ended one, is SessionNotFound.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const { user } = await ctx.credentials.requireAccount();
      await ctx.services.sessions.end(user.id, String(id));
      return true;
    },
  }),
);

// policy: caller=account strength=any audit=caller
builder.mutationField('endOtherSessions', (t) =>
  t.int({
    description: 'Ends every session of yours except the current one; returns how many ended.',
    resolve: async (_root, _args, ctx) => {
      const { user, session } = await ctx.credentials.requireAccount();
      return ctx.services.sessions.endOthers(user.id, session.id);
    },
  }),
);

// policy: caller=account strength=any audit=caller
builder.mutationField('logout', (t) =>
  t.boolean({
    description: 'Ends the current session: the token this request was made with stops working.',
    resolve: async (_root, _args, ctx) => {
      const { user, session } = await ctx.credentials.requireAccount();
      await ctx.services.sessions.end(user.id, session.id);
      return true;
    },
  }),
);
