import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified, type SignedUp } from '../support/http.js';
import { seedEvents } from './helpers.js';

// Threat: one user reading another user's events, through GraphQL or REST.

const t = useTestApp({ EVENTS_FLUSH_MS: '600000' });
let alice: SignedUp & { token: string };
let bob: SignedUp & { token: string };
let aliceIds: Set<string>;

beforeAll(async () => {
  alice = await signUpVerified(t);
  bob = await signUpVerified(t);
  // Alice's events are the newest in the table, so a leak would show at the top of any page.
  await seedEvents(t, bob.id, 20, { newest: new Date(Date.now() - 7200_000) });
  await seedEvents(t, alice.id, 20, { newest: new Date(Date.now() - 3600_000) });
  await rest(t.app, 'GET', '/users/me', { token: alice.token });
  await t.app.services.events.flush();
  const rows = await t.db.prisma.event.findMany({ where: { userId: alice.id }, select: { id: true } });
  aliceIds = new Set(rows.map((r) => r.id));
  expect(aliceIds.size).toBe(23);
});

const CONNECTION = `query($after: String, $first: Int) {
  events(first: $first, after: $after) { edges { cursor node { id user } } pageInfo { endCursor } }
}`;

function expectOnlyBobs(events: { id: string; user: string }[]) {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect(event.user).toBe(bob.id);
    expect(aliceIds.has(event.id)).toBe(false);
  }
}

describe('one user cannot read another user’s events', () => {
  it('REST: /users/me/events is always the caller’s own, whatever the query says', async () => {
    expectOnlyBobs((await rest(t.app, 'GET', '/users/me/events?limit=1000', { token: bob.token })).body);
    const smuggled = await rest(t.app, 'GET', `/users/me/events?user=${alice.id}&userId=${alice.id}`, {
      token: bob.token,
    });
    expect(smuggled.status).toBe(200);
    expectOnlyBobs(smuggled.body);
  });

  it('REST: no path names another user’s events', async () => {
    for (const path of [`/users/${alice.id}/events`, `/users/${encodeURIComponent(alice.email)}/events`]) {
      const reply = await rest(t.app, 'GET', path, { token: bob.token });
      expect(reply.status).toBe(404);
      expect(reply.text).not.toContain('event-');
    }
  });

  it('GraphQL: the connection has no user argument and is scoped to the token', async () => {
    const own = await gql(t.app, CONNECTION, { first: 1000 }, { token: bob.token });
    expectOnlyBobs(own.body.data.events.edges.map((e: { node: { id: string; user: string } }) => e.node));

    const byArgument = await gql(
      t.app,
      `{ events(user: "${alice.id}") { edges { node { id } } } }`,
      {},
      {
        token: bob.token,
      },
    );
    expect(byArgument.body.errors?.length).toBeGreaterThan(0);
    expect(byArgument.body.data).toBeUndefined();
  });

  it('GraphQL: Alice’s cursor in Bob’s hands pages through Bob’s events only', async () => {
    const alicePage = await gql(t.app, CONNECTION, { first: 2 }, { token: alice.token });
    const aliceCursor = alicePage.body.data.events.pageInfo.endCursor as string;
    const reply = await gql(t.app, CONNECTION, { first: 1000, after: aliceCursor }, { token: bob.token });
    expect(reply.body.errors).toBeUndefined();
    expectOnlyBobs(reply.body.data.events.edges.map((e: { node: { id: string; user: string } }) => e.node));
  });

  it('tokens that are not Bob’s account token read nothing', async () => {
    // A client token for Alice's user is the wrong kind of token for the audit trail.
    const client = await t.app.services.tokens.sign('client', alice.id, 60, { cid: 'c'.repeat(40) });
    const refresh = await t.app.services.tokens.sign('refresh', alice.id, 60, { cid: 'c'.repeat(40), fam: 'f' });
    const [, payload] = bob.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = [
      bob.token.split('.')[0],
      Buffer.from(JSON.stringify({ ...claims, sub: alice.id })).toString('base64url'),
      bob.token.split('.')[2],
    ].join('.');
    for (const token of [client.token, refresh.token, forged, 'garbage']) {
      const restReply = await rest(t.app, 'GET', '/users/me/events', { token });
      expect([401, 403]).toContain(restReply.status);
      expect(restReply.text).not.toContain('event-');
      const gqlReply = await gql(t.app, CONNECTION, {}, { token });
      expect(gqlReply.body.data).toBeFalsy();
      expect(gqlReply.text).not.toContain('event-');
    }
  });
});
