import { pickLocale } from '../mail/locale.js';
import { builder } from '../../graphql/builder.js';
import { addressOf } from './address.js';

const Address = builder.simpleObject('Address', {
  description: 'The one postal/billing address of an account.',
  fields: (t) => ({
    company: t.string(),
    street: t.string(),
    district: t.string(),
    city: t.string(),
    state: t.string(),
    postCode: t.string(),
    country: t.string(),
  }),
});

const Bundle = builder.simpleObject('Bundle', {
  fields: (t) => ({
    name: t.string(),
    quota: t.int({ description: 'Invocations included in the bundle.' }),
  }),
});

export const AddressInput = builder.inputType('AddressInput', {
  fields: (t) => ({
    company: t.string({ required: false }),
    street: t.string({ required: false }),
    district: t.string({ required: false }),
    city: t.string({ required: false }),
    state: t.string({ required: false }),
    postCode: t.string({ required: false }),
    country: t.string({ required: false }),
  }),
});

builder.prismaObject('User', {
  fields: (t) => ({
    id: t.exposeID('id', { description: '`user-` followed by a UUID v4.' }),
    email: t.expose('email', { type: 'EmailAddress' }),
    displayName: t.exposeString('displayName'),
    name: t.exposeString('name'),
    surname: t.exposeString('surname'),
    entityType: t.exposeString('entityType'),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    address: t.field({
      type: Address,
      resolve: (user) => addressOf(user),
    }),
    twofaEnabled: t.boolean({ resolve: (user) => user.totpEnabledAt !== null }),
    apiKey: t.expose('apiKey', { type: 'UUID', description: 'The GreenCloud API key.' }),
    bundle: t.field({ type: Bundle, resolve: (user) => ({ name: user.bundleName, quota: user.bundleQuota }) }),
  }),
});

const SignUpInput = builder.inputType('SignUpInput', {
  fields: (t) => ({
    email: t.field({ type: 'EmailAddress', required: true }),
    password: t.string({ required: true }),
    displayName: t.string({ required: false }),
    name: t.string({ required: false }),
    surname: t.string({ required: false }),
    entityType: t.string({ required: false, description: 'Defaults to "individual".' }),
    address: t.field({ type: AddressInput, required: false }),
  }),
});

builder.queryField('me', (t) =>
  t.prismaField({
    type: 'User',
    description: 'The account behind the account access token.',
    policy: { caller: 'account', strength: 'any', limit: null, guess: false, audit: 'caller' },
    resolve: (_query, _root, _args, ctx) => ctx.credentials.viewer.user,
  }),
);

builder.mutationField('signUp', (t) =>
  t.prismaField({
    type: 'User',
    description:
      'Creates an unverified account and emails a verification token. Signing up again with an email that is not verified yet replaces that attempt (password and profile) and retires its tokens. Errors: EmailTaken (verified account), WeakPassword, InvalidInput.',
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    policy: { caller: 'anyone', strength: 'any', limit: 'RATE_LIMIT_SIGNUP', guess: false, audit: 'none' },
    resolve: (_query, _root, { input }, ctx) =>
      ctx.services.users.signUp(input, {
        clientIp: ctx.clientIp,
        locale: pickLocale(ctx.request.headers.get('accept-language')),
      }),
  }),
);

builder.mutationField('verifyEmail', (t) =>
  t.boolean({
    description:
      'Verifies an account with the emailed token. `user` is the user id or the email. Errors: UserNotFound, UserVerified, InvalidVerificationToken, VerificationTokenExpired.',
    args: {
      user: t.arg.string({ required: true }),
      token: t.arg.string({ required: true }),
    },
    policy: {
      caller: 'anyone',
      strength: 'any',
      limit: 'RATE_LIMIT_VERIFY',
      guess: true,
      // The emailed token is the account's credential here: the call joins its audit trail.
      audit: { subject: { before: async ({ user }, services) => (await services.users.findByRef(user))?.id } },
    },
    resolve: async (_root, { user, token }, ctx) => {
      await ctx.services.users.verifyEmail(user, token);
      return true;
    },
  }),
);
