import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest, signUp, signUpVerified } from '../support/http.js';
import { requestResetCode } from '../support/two-factor.js';

// Threat: the client names its GraphQL operation. A failed login (or any call aimed at an account
// by someone who has not proven to be it) joins that account's audit trail, so an attacker could
// write text of their choosing into the victim's trail, which the victim reads (and trusts) in
// GET /users/me/events. Such events name the root field instead: a name the schema defines.

const t = useTestApp();

const TEXT = 'Support_call_1_800_555_0100_to_restore_your_account';

async function eventsOf(userId: string) {
  await t.app.services.events.flush();
  const events = await t.db.prisma.event.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  return events.map((event) => event.input as Record<string, unknown>);
}

const post = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  rest(t.app, 'POST', '/graphql', {
    token,
    body: { query, variables, operationName: TEXT },
  });

describe("an attacker's operation name", () => {
  it('never reaches the trail of the account a failed login was aimed at', async () => {
    const victim = await signUpVerified(t);
    const before = (await eventsOf(victim.id)).length;
    const reply = await post(
      `mutation ${TEXT}($u: String!) { login(username: $u, password: "Wr0ng!guess") { accessToken } }`,
      { u: victim.email },
    );
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('InvalidCredentials');
    const events = (await eventsOf(victim.id)).slice(before);
    expect(events).toEqual([{ method: 'POST', path: '/graphql', operationName: 'login' }]);
    // Nor through the REST read-back the victim uses.
    const trail = await rest(t.app, 'GET', '/users/me/events', { token: victim.token });
    expect(trail.text).not.toContain(TEXT);
  });

  it('never reaches the trail of an account a wrong verification token or reset code names', async () => {
    const victim = await signUp(t);
    await requestResetCode(t, victim.email);
    const before = (await eventsOf(victim.id)).length;
    await post(
      `mutation ${TEXT}($u: String!) { verifyEmail(user: $u, token: "00000000-0000-4000-8000-000000000000") }`,
      { u: victim.id },
    );
    await post(
      `mutation ${TEXT}($e: String!) { resetPassword(code: "${'0'.repeat(32)}", password: "N3w!passw0rd", email: $e) }`,
      { e: victim.email },
    );
    // The wrong verification token joins the named account's trail under the field's own name;
    // a wrong reset code matches no code at all (wrong codes are tied to nothing, so they cannot
    // be counted against the owner), so that attempt joins no trail.
    const events = (await eventsOf(victim.id)).slice(before);
    expect(events).toEqual([{ method: 'POST', path: '/graphql', operationName: 'verifyEmail' }]);
  });

  it("a client token pressed on an account field joins its owner's trail without the caller's text", async () => {
    const victim = await signUpVerified(t);
    const { token } = await t.app.services.tokens.sign('client', victim.id, 60, { cid: 'a'.repeat(40) });
    const reply = await post(`query ${TEXT} { me { id } }`, {}, token);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('Forbidden');
    const events = await eventsOf(victim.id);
    expect(events.at(-1)).toEqual({ method: 'POST', path: '/graphql', operationName: 'me' });
  });

  it("stays in the caller's own trail when the caller proved to be the account", async () => {
    const user = await signUpVerified(t);
    await post(`query ${TEXT} { me { id } }`, {}, user.token);
    const events = await eventsOf(user.id);
    expect(events.at(-1)).toEqual({ method: 'POST', path: '/graphql', operationName: TEXT });
  });
});
