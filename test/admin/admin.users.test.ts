import { describe, expect, it } from 'vitest';
import { mailsTo, useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, signUp, signUpVerified, uniqueEmail } from '../support/http.js';
import { basicLogin, failLogins } from '../support/abuse.js';
import { expectDead } from '../sessions/sessions.support.js';
import { asAdmin, clientGrant, codeOf, disableUser, signUpAdmin } from './admin.support.js';

const t = useTestApp();

const LIST = `query($first: Int, $after: String, $filter: AdminUserFilter) {
  adminUsers(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id email verifiedAt disabledAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const DETAIL = `query($id: ID!) {
  adminUser(id: $id) {
    id email isAdmin disabledAt twofaEnabled lastLoginAt
    sessions { id method ip }
    clientKeys { id createdAt lastUsedAt }
    lockouts { kind ip failures lockedUntil }
  }
}`;

/** The subject's own trail, through their `events`. */
async function trail(token: string) {
  await t.app.services.events.flush();
  const reply = await gql(t.app, `{ events { edges { node { input serviceData } } } }`, {}, { token });
  return reply.body.data.events.edges.map((e: { node: unknown }) => e.node) as {
    input: Record<string, unknown>;
    serviceData: Record<string, unknown>;
  }[];
}

describe('adminUsers', () => {
  it('pages newest first with the events cursor and filters by email prefix, verified, disabled and creation time', async () => {
    const admin = await signUpAdmin(t);
    const prefix = `pg${Date.now().toString(36)}`;
    const from = new Date(Date.now() - 1000);
    const verified = await signUpVerified(t, uniqueEmail(`${prefix}-a`));
    const unverified = await signUp(t, uniqueEmail(`${prefix}-b`));
    const third = await signUpVerified(t, uniqueEmail(`${prefix}-c`));

    const first = await asAdmin(t, admin.token, LIST, { first: 2, filter: { emailPrefix: prefix.toUpperCase() } });
    expect(first.body.errors, first.text).toBeUndefined();
    const page1 = first.body.data.adminUsers;
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([third.id, unverified.id]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await asAdmin(t, admin.token, LIST, {
      first: 2,
      after: page1.pageInfo.endCursor,
      filter: { emailPrefix: prefix },
    });
    expect(second.body.data.adminUsers.edges.map((e: any) => e.node.id)).toEqual([verified.id]);
    expect(second.body.data.adminUsers.pageInfo.hasNextPage).toBe(false);

    // LIKE wildcards in the prefix are literal: `_` does not stand for the `-` after the prefix.
    const wildcard = await asAdmin(t, admin.token, LIST, { filter: { emailPrefix: `${prefix}_` } });
    expect(wildcard.body.data.adminUsers.edges).toEqual([]);

    const unverifiedOnly = await asAdmin(t, admin.token, LIST, { filter: { emailPrefix: prefix, verified: false } });
    expect(unverifiedOnly.body.data.adminUsers.edges.map((e: any) => e.node.id)).toEqual([unverified.id]);

    await disableUser(t, admin.token, third.id);
    const disabled = await asAdmin(t, admin.token, LIST, { filter: { emailPrefix: prefix, disabled: true } });
    expect(disabled.body.data.adminUsers.edges.map((e: any) => e.node.id)).toEqual([third.id]);

    const window = await asAdmin(t, admin.token, LIST, {
      filter: { emailPrefix: prefix, createdAfter: from.toISOString(), createdBefore: from.toISOString() },
    });
    expect(window.body.data.adminUsers.edges).toEqual([]);
  });

  it('answers bad paging input with InvalidInput', async () => {
    const admin = await signUpAdmin(t);
    expect(codeOf(await asAdmin(t, admin.token, LIST, { first: 0 }))).toBe('InvalidInput');
    expect(codeOf(await asAdmin(t, admin.token, LIST, { after: 'not-a-cursor' }))).toBe('InvalidInput');
    const year0 = { createdAfter: '0000-01-01T00:00:00Z' };
    const reply = await asAdmin(t, admin.token, LIST, { filter: year0 });
    expect(['InvalidInput', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(codeOf(reply));
  });
});

describe('adminUser', () => {
  it('shows sessions, client keys (no secret), 2FA, last login and lockouts', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const key = await clientGrant(t, user.token);
    const ip = '203.0.113.77';
    await failLogins(t, user.email, ip, 2);

    const reply = await asAdmin(t, admin.token, DETAIL, { id: user.id });
    expect(reply.body.errors, reply.text).toBeUndefined();
    const detail = reply.body.data.adminUser;
    expect(detail).toMatchObject({
      id: user.id,
      email: user.email,
      isAdmin: false,
      disabledAt: null,
      twofaEnabled: false,
    });
    expect(detail.sessions).toHaveLength(1);
    expect(detail.sessions[0].method).toBe('password');
    expect(detail.clientKeys).toEqual([expect.objectContaining({ id: key.clientId })]);
    expect(reply.text).not.toContain(key.clientSecret);
    expect(Date.parse(detail.lastLoginAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(detail.lockouts).toEqual([{ kind: 'password', ip, failures: 2, lockedUntil: null }]);
  });

  it('answers an unknown id with UserNotFound', async () => {
    const admin = await signUpAdmin(t);
    expect(codeOf(await asAdmin(t, admin.token, DETAIL, { id: 'user-nobody' }))).toBe('UserNotFound');
  });
});

describe('admin actions', () => {
  it('records a disable in both trails: the subject reads what happened and the reason', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    await disableUser(t, admin.token, user.id, 'Chargeback under review');
    await gql(t.app, `mutation($id: ID!) { adminEnableUser(id: $id) { id } }`, { id: user.id }, { token: admin.token });
    const token = await login(t, user.email, PASSWORD);

    const subject = await trail(token);
    const disabled = subject.find((e) => e.serviceData.adminAction === 'user.disabled');
    expect(disabled?.serviceData).toEqual({
      adminAction: 'user.disabled',
      description: 'An administrator disabled this account.',
      reason: 'Chargeback under review',
    });
    expect(disabled?.input).toEqual({ operationName: 'adminDisableUser' });
    expect(subject.some((e) => e.serviceData.adminAction === 'user.enabled')).toBe(true);
    // The administrator is not named to the subject.
    expect(JSON.stringify(subject)).not.toContain(admin.id);

    const own = await trail(admin.token);
    expect(own.find((e) => e.serviceData.adminAction === 'user.disabled')?.serviceData).toMatchObject({
      subjectUserId: user.id,
    });
    // The request itself, as any call, in the administrator's trail.
    expect(own.some((e) => e.serviceData.adminAction === undefined && e.input.path === '/graphql')).toBe(true);
  });

  it('refuses to disable or delete the calling administrator (AdminSelfAction), nothing changed', async () => {
    const admin = await signUpAdmin(t);
    for (const query of [
      `mutation($id: ID!) { adminDisableUser(id: $id) { id } }`,
      `mutation($id: ID!) { adminDeleteUser(id: $id) }`,
    ]) {
      expect(codeOf(await asAdmin(t, admin.token, query, { id: admin.id }))).toBe('AdminSelfAction');
    }
    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(stored.disabledAt).toBeNull();
  });

  it('ends every session of the account', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const other = await login(t, user.email, PASSWORD);
    const reply = await asAdmin(t, admin.token, `mutation($id: ID!) { adminEndUserSessions(id: $id) }`, {
      id: user.id,
    });
    expect(reply.body.data?.adminEndUserSessions, reply.text).toBe(2);
    await expectDead(t, user.token);
    await expectDead(t, other);
  });

  it('sends the public reset mail', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const before = mailsTo(t.config, user.email).length;
    const reply = await asAdmin(t, admin.token, `mutation($id: ID!) { adminSendPasswordReset(id: $id) }`, {
      id: user.id,
    });
    expect(reply.body.data?.adminSendPasswordReset, reply.text).toBe(true);
    await t.app.services.background.drain();
    const mails = mailsTo(t.config, user.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)).toMatch(/^Reset code: [0-9a-f]{32}$/m);
  });

  it('deletes an account: its tokens die, its email is free, the admin trail keeps the id', async () => {
    const admin = await signUpAdmin(t);
    const user = await signUpVerified(t);
    const reply = await asAdmin(t, admin.token, `mutation($id: ID!) { adminDeleteUser(id: $id) }`, { id: user.id });
    expect(reply.body.data?.adminDeleteUser, reply.text).toBe(true);
    await expectDead(t, user.token);
    expect((await basicLogin(t, user.email, PASSWORD, '127.0.0.1')).body.code).toBe('InvalidCredentials');
    expect((await signUp(t, user.email)).id).not.toBe(user.id);
    const own = await trail(admin.token);
    expect(
      own.some((e) => e.serviceData.adminAction === 'user.deleted' && e.serviceData.subjectUserId === user.id),
    ).toBe(true);
    expect(await t.db.prisma.event.count({ where: { userId: user.id } })).toBe(0);
    const again = await asAdmin(t, admin.token, `mutation($id: ID!) { adminDeleteUser(id: $id) }`, { id: user.id });
    expect(codeOf(again)).toBe('UserNotFound');
  });
});
