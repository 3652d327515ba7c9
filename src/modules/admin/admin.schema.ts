import type { User } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { encodeCursor } from '../events/event.service.js';
import { PageInfo } from '../events/event.schema.js';
import { ADMIN_DEFAULT_PAGE_SIZE, ADMIN_MAX_PAGE_SIZE, type AdminLockout } from './admin-users.service.js';
import { REASON_MAX_LENGTH } from './admin.service.js';

/**
 * Every admin field: an administrator's account session signed in with the password (an
 * API-key session could be had by anyone who read the key), on the administrator's own trail.
 */
const ADMIN = { caller: 'admin', strength: 'password', limit: null, guess: false, audit: 'caller' } as const;

const ERRORS = 'Errors: Unauthenticated, InvalidToken, AdminRequired, PasswordSignInRequired';

const LockoutKind = builder.enumType('AdminLockoutKind', {
  description: '`password`: per account and client IP; `twofa`: wrong second-factor codes, per account.',
  values: ['password', 'twofa'] as const,
});

const AdminLockoutRef = builder.objectRef<AdminLockout>('AdminLockout').implement({
  description: 'A failure count or lockout the abuse protection holds for the account now.',
  fields: (t) => ({
    kind: t.field({ type: LockoutKind, resolve: (l) => l.kind }),
    ip: t.exposeString('ip', { nullable: true, description: 'The client IP (password lockouts only).' }),
    failures: t.exposeInt('failures', { description: 'Failures counted in the current window.' }),
    lockedUntil: t.expose('lockedUntil', {
      type: 'DateTime',
      nullable: true,
      description: 'Attempts are refused until then; null while failures are only counted.',
    }),
  }),
});

/**
 * An account in a list: its own columns only. The nested lists (sessions, keys, lockouts) are on
 * AdminUser, one account at a time: a page of 100 accounts with every list beneath would be
 * thousands of rows and a query per account, which the cost limit rightly refuses.
 */
export const AdminUserSummary = builder.prismaObject('User', {
  variant: 'AdminUserSummary',
  description: 'An account in the admin list: its own fields. `adminUser(id)` has the rest.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.expose('email', { type: 'EmailAddress' }),
    displayName: t.exposeString('displayName'),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    isAdmin: t.exposeBoolean('isAdmin'),
    disabledAt: t.expose('disabledAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Set while the account is disabled.',
    }),
    twofaEnabled: t.boolean({ resolve: (user) => user.totpEnabledAt !== null }),
  }),
});

export const AdminUser = builder.prismaObject('User', {
  variant: 'AdminUser',
  description: 'An account as administrators see it. No hash, secret or API key.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.expose('email', { type: 'EmailAddress' }),
    displayName: t.exposeString('displayName'),
    name: t.exposeString('name'),
    surname: t.exposeString('surname'),
    entityType: t.exposeString('entityType'),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    isAdmin: t.exposeBoolean('isAdmin'),
    disabledAt: t.expose('disabledAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Set while the account is disabled.',
    }),
    twofaEnabled: t.boolean({ resolve: (user) => user.totpEnabledAt !== null }),
    lastLoginAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'The newest sign-in with the password (with or without a second factor), from the sessions still stored (SESSIONS_RETENTION_DAYS).',
      resolve: (user, _args, ctx) => ctx.services.adminUsers.lastLogin(user.id),
    }),
    sessions: t.prismaField({
      type: ['Session'],
      description: 'Live sessions, newest first (`current` is always false here).',
      resolve: (_query, user, _args, ctx) => ctx.services.adminUsers.sessions(user.id),
    }),
    clientKeys: t.prismaField({
      type: ['ClientKey'],
      description: 'Live client keys: ids and times, never a secret.',
      resolve: (_query, user, _args, ctx) => ctx.services.adminUsers.clientKeys(user.id),
    }),
    lockouts: t.field({
      type: [AdminLockoutRef],
      description: 'Password failures and lockouts per client IP, and second-factor failures, held now.',
      resolve: (user, _args, ctx) => ctx.services.adminUsers.lockouts(user.id),
    }),
  }),
});

const AdminUserEdge = builder.objectRef<User>('AdminUserEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (user) => encodeCursor(user) }),
    node: t.field({ type: AdminUserSummary, resolve: (user) => user }),
  }),
});

const AdminUserConnection = builder
  .objectRef<{ users: User[]; hasNextPage: boolean }>('AdminUserConnection')
  .implement({
    description: 'A page of accounts, newest first.',
    fields: (t) => ({
      edges: t.field({ type: [AdminUserEdge], resolve: (page) => page.users }),
      pageInfo: t.field({
        type: PageInfo,
        resolve: ({ users, hasNextPage }) => ({
          hasNextPage,
          hasPreviousPage: false,
          startCursor: users[0] ? encodeCursor(users[0]) : null,
          endCursor: users.at(-1) ? encodeCursor(users.at(-1)!) : null,
        }),
      }),
    }),
  });

const AdminUserFilter = builder.inputType('AdminUserFilter', {
  fields: (t) => ({
    emailPrefix: t.string({ required: false, description: 'Case-insensitive start of the email.' }),
    verified: t.boolean({ required: false }),
    disabled: t.boolean({ required: false }),
    createdAfter: t.field({ type: 'DateTime', required: false, description: 'Created at or after this instant.' }),
    createdBefore: t.field({ type: 'DateTime', required: false, description: 'Created before this instant.' }),
  }),
});

builder.queryField('adminUsers', (t) =>
  t.field({
    type: AdminUserConnection,
    description: `Administrators: accounts, newest first, ${ADMIN_DEFAULT_PAGE_SIZE} per page by default (at most ${ADMIN_MAX_PAGE_SIZE}). Pass pageInfo.endCursor as \`after\` for the next page. ${ERRORS}, InvalidInput.`,
    args: {
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false, description: 'An endCursor from an earlier page.' }),
      filter: t.arg({ type: AdminUserFilter, required: false }),
    },
    policy: ADMIN,
    resolve: (_root, args, ctx) => ctx.services.adminUsers.page(args),
  }),
);

builder.queryField('adminUser', (t) =>
  t.field({
    type: AdminUser,
    description: `Administrators: one account with its sessions, client keys, 2FA state, last login and lockouts. ${ERRORS}, UserNotFound.`,
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: (_root, { id }, ctx) => ctx.services.adminUsers.user(String(id)),
  }),
);

builder.mutationField('adminDisableUser', (t) =>
  t.field({
    type: AdminUser,
    description: `Administrators: disables an account. It can no longer sign in (password, API key, reset: AccountDisabled), and every session ends and every refresh token is revoked at once; its client keys get no grant while it is disabled. Not your own account (AdminSelfAction). ${ERRORS}, UserNotFound, AdminSelfAction, InvalidInput.`,
    args: {
      id: t.arg.id({ required: true }),
      reason: t.arg.string({
        required: false,
        description: `A note (at most ${REASON_MAX_LENGTH} characters), recorded in both audit trails: the account's owner reads it.`,
      }),
    },
    policy: ADMIN,
    resolve: (_root, { id, reason }, ctx) =>
      ctx.services.admin.disable(ctx.credentials.viewer.user, String(id), reason),
  }),
);

builder.mutationField('adminEnableUser', (t) =>
  t.field({
    type: AdminUser,
    description: `Administrators: enables a disabled account. Sessions and refresh tokens ended by the disable stay ended. ${ERRORS}, UserNotFound.`,
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: (_root, { id }, ctx) => ctx.services.admin.enable(ctx.credentials.viewer.user, String(id)),
  }),
);

builder.mutationField('adminEndUserSessions', (t) =>
  t.int({
    description: `Administrators: ends every session of an account; returns how many ended. ${ERRORS}, UserNotFound.`,
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: (_root, { id }, ctx) => ctx.services.admin.endSessions(ctx.credentials.viewer.user, String(id)),
  }),
);

builder.mutationField('adminSendPasswordReset', (t) =>
  t.boolean({
    description: `Administrators: mails the account a password reset code, the same mail as requestPasswordReset. ${ERRORS}, UserNotFound, AccountDisabled.`,
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.admin.sendPasswordReset(ctx.credentials.viewer.user, String(id));
      return true;
    },
  }),
);

builder.mutationField('adminDeleteUser', (t) =>
  t.boolean({
    description: `Administrators: deletes an account and everything that authenticates it; its email is free again and its audit events are deleted or anonymised (ACCOUNT_DELETION_EVENTS). Not your own account (AdminSelfAction). ${ERRORS}, UserNotFound, AdminSelfAction.`,
    args: { id: t.arg.id({ required: true }) },
    policy: ADMIN,
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.admin.delete(ctx.credentials.viewer.user, String(id));
      return true;
    },
  }),
);
