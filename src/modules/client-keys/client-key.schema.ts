import { builder } from '../../graphql/builder.js';
import type { LiveClientKey } from './client-key.service.js';
import { GRANT_TYPES, type TokenPair } from './token-grant.service.js';

builder.prismaObject('ClientKey', {
  description: 'A client key pair. The secret is shown once, at creation, and never again.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The clientId: 40 lowercase hex characters.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the key last obtained tokens (to the minute); null if never.',
    }),
  }),
});

const CreatedClientKey = builder.simpleObject('CreatedClientKey', {
  fields: (t) => ({
    clientId: t.string({ description: '40 lowercase hex characters; also the key id.' }),
    clientSecret: t.string({ description: '80 lowercase hex characters. Shown this once: store it now.' }),
    createdAt: t.field({ type: 'DateTime' }),
  }),
});

const GrantTypeEnum = builder.enumType('GrantType', {
  description: 'Spelled as on the wire of `POST /auth/token`.',
  values: GRANT_TYPES,
});

const TokenInput = builder.inputType('TokenInput', {
  description:
    '`clientCredentials` needs clientId and clientSecret; `refreshToken` needs refreshToken (which is then retired).',
  fields: (t) => ({
    grantType: t.field({ type: GrantTypeEnum, required: true }),
    clientId: t.string({ required: false }),
    clientSecret: t.string({ required: false }),
    refreshToken: t.string({ required: false }),
  }),
});

// The backing shapes also say who the call speaks for (the audit trail); the schema shows none of it.
const ClientTokens = builder.objectRef<TokenPair>('ClientTokens').implement({
  fields: (t) => ({
    accessToken: t.exposeString('accessToken', {
      description: 'Client access token (compact JWS), 1 hour by default.',
    }),
    accessTokenExpiresAt: t.expose('accessTokenExpiresAt', { type: 'DateTime' }),
    refreshToken: t.exposeString('refreshToken', {
      description: 'Single use: each refresh returns a new one. 1 year by default.',
    }),
    refreshTokenExpiresAt: t.expose('refreshTokenExpiresAt', { type: 'DateTime' }),
  }),
});

interface IntrospectionAnswer {
  active: boolean;
  clientId?: string;
  tokenType?: string;
  exp?: number;
  iat?: number;
  sub?: string;
  aud?: string;
  iss?: string;
  jti?: string;
  /** The key that asked. */
  caller: LiveClientKey;
}

const TokenIntrospection = builder.objectRef<IntrospectionAnswer>('TokenIntrospection').implement({
  description: 'RFC 7662-style answer. When `active` is false every other field is null.',
  fields: (t) => ({
    active: t.exposeBoolean('active'),
    clientId: t.exposeString('clientId', { nullable: true }),
    tokenType: t.exposeString('tokenType', { nullable: true }),
    exp: t.exposeInt('exp', { nullable: true, description: 'Expiry, seconds since the epoch.' }),
    iat: t.exposeInt('iat', { nullable: true, description: 'Issue time, seconds since the epoch.' }),
    sub: t.exposeString('sub', { nullable: true, description: 'The user id.' }),
    aud: t.exposeString('aud', { nullable: true }),
    iss: t.exposeString('iss', { nullable: true }),
    jti: t.exposeString('jti', { nullable: true }),
  }),
});

builder.queryField('clientKeys', (t) =>
  t.prismaField({
    type: ['ClientKey'],
    description: 'Your client keys, newest first. Needs an account access token.',
    policy: { caller: 'account', strength: 'any', limit: null, guess: false, audit: 'caller' },
    resolve: (_query, _root, _args, ctx) => ctx.services.clientKeys.list(ctx.credentials.viewer.user.id),
  }),
);

builder.mutationField('createClientKey', (t) =>
  t.field({
    type: CreatedClientKey,
    description: 'Creates a client key pair. Needs an account access token. Errors: ClientKeyLimitReached.',
    policy: { caller: 'account', strength: 'password', limit: null, guess: false, audit: 'caller' },
    resolve: (_root, _args, ctx) => ctx.services.clientKeys.create(ctx.credentials.viewer.user.id),
  }),
);

builder.mutationField('deleteClientKey', (t) =>
  t.boolean({
    description:
      'Deletes one of your client keys; its refresh tokens stop working at once and its access tokens introspect as inactive. Errors: ClientKeyNotFound.',
    args: { id: t.arg.id({ required: true }) },
    policy: { caller: 'account', strength: 'any', limit: null, guess: false, audit: 'caller' },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.clientKeys.delete(ctx.credentials.viewer.user.id, String(id));
      return true;
    },
  }),
);

builder.mutationField('token', (t) =>
  t.field({
    type: ClientTokens,
    description:
      'Exchanges client credentials, or a refresh token, for a client access token and a new refresh token. Errors: InvalidClient, InvalidGrant, InvalidInput.',
    args: { input: t.arg({ type: TokenInput, required: true }) },
    policy: {
      caller: 'anyone',
      strength: 'any',
      limit: 'RATE_LIMIT_TOKEN',
      guess: true,
      audit: { client: (pair) => ({ userId: pair.userId, clientKeyId: pair.clientKeyId }) },
    },
    resolve: (_root, { input }, ctx) => ctx.services.grants.grant(input),
  }),
);

/** Introspection and revocation: the calling key's own credentials, and the token it asks about. */
const clientTokenArgs = builder.args((t) => ({
  clientId: t.string({ required: true }),
  clientSecret: t.string({ required: true }),
  token: t.string({ required: true }),
}));

// A mutation, though it changes nothing: queries may travel in a GET URL, and this one carries a secret.
builder.mutationField('introspectToken', (t) =>
  t.field({
    type: TokenIntrospection,
    description:
      'Tells whether a client access token is still active (its key not deleted). The caller authenticates with its own client key. Errors: InvalidClient.',
    args: clientTokenArgs,
    policy: {
      caller: 'anyone',
      strength: 'any',
      limit: null,
      guess: true,
      audit: { client: ({ caller }) => ({ userId: caller.userId, clientKeyId: caller.id }) },
    },
    resolve: async (_root, args, ctx) => {
      const { caller, result } = await ctx.services.introspection.introspect(
        args.clientId,
        args.clientSecret,
        args.token,
      );
      return { ...result, caller };
    },
  }),
);

interface RevocationAnswer {
  /** The key that asked. */
  caller: LiveClientKey;
}

const TokenRevocation = builder.objectRef<RevocationAnswer>('TokenRevocation').implement({
  description: 'RFC 7009-style answer: the same whatever the token was.',
  fields: (t) => ({
    revoked: t.boolean({
      description: 'Always true: the token does not work any longer, or never did (see docs/oauth.md).',
      resolve: () => true,
    }),
  }),
});

builder.mutationField('revokeToken', (t) =>
  t.field({
    type: TokenRevocation,
    description:
      "Revokes one of the calling key's refresh tokens and every token its family would mint. Access tokens expire on their own (delete the key to stop them at once); unknown tokens and other keys' tokens change nothing and answer the same. The caller authenticates with its own client key. Errors: InvalidClient.",
    args: clientTokenArgs,
    policy: {
      caller: 'anyone',
      strength: 'any',
      limit: 'RATE_LIMIT_TOKEN',
      guess: true,
      audit: { client: ({ caller }) => ({ userId: caller.userId, clientKeyId: caller.id }) },
    },
    resolve: async (_root, args, ctx) => ({
      caller: await ctx.services.grants.revoke(args.clientId, args.clientSecret, args.token),
    }),
  }),
);
