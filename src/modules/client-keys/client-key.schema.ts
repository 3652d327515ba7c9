import { builder } from '../../graphql/builder.js';
import { GRANT_TYPES } from './token-grant.service.js';

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

const ClientTokens = builder.simpleObject('ClientTokens', {
  fields: (t) => ({
    accessToken: t.string({ description: 'Client access token (compact JWS), 1 hour by default.' }),
    accessTokenExpiresAt: t.field({ type: 'DateTime' }),
    refreshToken: t.string({ description: 'Single use: each refresh returns a new one. 1 year by default.' }),
    refreshTokenExpiresAt: t.field({ type: 'DateTime' }),
  }),
});

const TokenIntrospection = builder.simpleObject('TokenIntrospection', {
  description: 'RFC 7662-style answer. When `active` is false every other field is null.',
  fields: (t) => ({
    active: t.boolean(),
    clientId: t.string({ nullable: true }),
    tokenType: t.string({ nullable: true }),
    exp: t.int({ nullable: true, description: 'Expiry, seconds since the epoch.' }),
    iat: t.int({ nullable: true, description: 'Issue time, seconds since the epoch.' }),
    sub: t.string({ nullable: true, description: 'The user id.' }),
    aud: t.string({ nullable: true }),
    iss: t.string({ nullable: true }),
    jti: t.string({ nullable: true }),
  }),
});

builder.queryField('clientKeys', (t) =>
  t.prismaField({
    type: ['ClientKey'],
    description: 'Your client keys, newest first. Needs an account access token.',
    resolve: async (_query, _root, _args, ctx) => {
      const { user } = await ctx.credentials.requireAccount();
      return ctx.services.clientKeys.list(user.id);
    },
  }),
);

builder.mutationField('createClientKey', (t) =>
  t.field({
    type: CreatedClientKey,
    description: 'Creates a client key pair. Needs an account access token. Errors: ClientKeyLimitReached.',
    resolve: async (_root, _args, ctx) => {
      const { user } = await ctx.credentials.requireAccount();
      return ctx.services.clientKeys.create(user.id);
    },
  }),
);

builder.mutationField('deleteClientKey', (t) =>
  t.boolean({
    description:
      'Deletes one of your client keys; its refresh tokens stop working at once and its access tokens introspect as inactive. Errors: ClientKeyNotFound.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const { user } = await ctx.credentials.requireAccount();
      await ctx.services.clientKeys.delete(user.id, String(id));
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
    resolve: async (_root, { input }, ctx) => {
      const pair = await ctx.services.grants.grant(input);
      ctx.attribution.userId = pair.userId;
      ctx.attribution.clientKeyId = pair.clientKeyId;
      return pair;
    },
  }),
);

// A mutation, though it changes nothing: queries may travel in a GET URL, and this one carries a secret.
builder.mutationField('introspectToken', (t) =>
  t.field({
    type: TokenIntrospection,
    description:
      'Tells whether a client access token is still active (its key not deleted). The caller authenticates with its own client key. Errors: InvalidClient.',
    args: {
      clientId: t.arg.string({ required: true }),
      clientSecret: t.arg.string({ required: true }),
      token: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { caller, result } = await ctx.services.introspection.introspect(
        args.clientId,
        args.clientSecret,
        args.token,
      );
      ctx.attribution.userId = caller.userId;
      ctx.attribution.clientKeyId = caller.id;
      return result;
    },
  }),
);
