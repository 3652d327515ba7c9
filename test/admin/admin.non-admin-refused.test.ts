import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, signUpVerified } from '../support/http.js';
import { expectAlive } from '../sessions/sessions.support.js';
import { codeOf } from './admin.support.js';

// Threat (issue 13): an ordinary account (or nobody) reads other accounts or disables, deletes or
// resets them through the admin fields.
const t = useTestApp();

const OPERATIONS: [string, string][] = [
  ['adminUsers', `{ adminUsers { edges { node { id email } } } }`],
  ['adminUser', `query($id: ID!) { adminUser(id: $id) { id email } }`],
  ['adminDisableUser', `mutation($id: ID!) { adminDisableUser(id: $id) { id } }`],
  ['adminEnableUser', `mutation($id: ID!) { adminEnableUser(id: $id) { id } }`],
  ['adminEndUserSessions', `mutation($id: ID!) { adminEndUserSessions(id: $id) }`],
  ['adminSendPasswordReset', `mutation($id: ID!) { adminSendPasswordReset(id: $id) }`],
  ['adminDeleteUser', `mutation($id: ID!) { adminDeleteUser(id: $id) }`],
];

describe('admin fields refuse everyone but administrators', () => {
  it.each(OPERATIONS)('%s: 403 AdminRequired for an ordinary account, nothing changed', async (field, query) => {
    const victim = await signUpVerified(t);
    const caller = await signUpVerified(t);
    const reply = await gql(t.app, query, { id: victim.id }, { token: caller.token });
    expect(reply.body.data ?? null).toBeNull();
    expect(reply.body.errors?.[0]).toMatchObject({ path: [field], extensions: { code: 'AdminRequired' } });
    const stored = await t.db.prisma.user.findUnique({ where: { id: victim.id } });
    expect(stored?.disabledAt).toBeNull();
    await expectAlive(t, victim.token, 'victim');
  });

  it.each(OPERATIONS)('%s: 401 Unauthenticated without a token', async (_field, query) => {
    const victim = await signUpVerified(t);
    const reply = await gql(t.app, query, { id: victim.id });
    expect(codeOf(reply)).toBe('Unauthenticated');
  });
});
