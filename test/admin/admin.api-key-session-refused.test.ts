import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, signUpVerified } from '../support/http.js';
import { apiKeySession } from '../sessions/sessions.support.js';
import { codeOf, signUpAdmin } from './admin.support.js';

// Threat (issue 13): anyone who reads an administrator's API key (GET /api/user shows it to any
// of their tokens) trades it for a session without password or second factor, and administers
// with it. Admin fields need a session signed in with the password.
const t = useTestApp();

describe("an administrator's API-key session", () => {
  it('cannot list, read, disable or delete accounts: 403 PasswordSignInRequired', async () => {
    const admin = await signUpAdmin(t);
    const victim = await signUpVerified(t);
    const { token } = await apiKeySession(t, admin.token);
    for (const query of [
      `{ adminUsers { edges { node { id } } } }`,
      `query($id: ID!) { adminUser(id: $id) { id } }`,
      `mutation($id: ID!) { adminDisableUser(id: $id) { id } }`,
      `mutation($id: ID!) { adminDeleteUser(id: $id) }`,
    ]) {
      const reply = await gql(t.app, query, { id: victim.id }, { token });
      expect(codeOf(reply), query).toBe('PasswordSignInRequired');
    }
    const stored = await t.db.prisma.user.findUnique({ where: { id: victim.id } });
    expect(stored?.disabledAt).toBeNull();
    // The same administrator's password session may.
    const ok = await gql(
      t.app,
      `query($id: ID!) { adminUser(id: $id) { id } }`,
      { id: victim.id },
      {
        token: admin.token,
      },
    );
    expect(ok.body.data?.adminUser?.id).toBe(victim.id);
  });
});
