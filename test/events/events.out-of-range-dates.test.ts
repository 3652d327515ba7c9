import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { gql, rest, signUpVerified, type SignedUp } from '../support/http.js';

// JavaScript accepts dates from year -271821 to 275760 and ISO 8601 has a year 0; PostgreSQL has
// no year 0 and the drivers write four-digit years. A bound or cursor outside years 1..9999 used
// to reach the database and come back as a 500; it is the caller's mistake: 400 InvalidInput.

let t: TestApp;
let user: SignedUp & { token: string };
beforeAll(async () => {
  t = await createTestApp();
  user = await signUpVerified(t);
});
afterAll(() => t.close());

const cursor = (createdAt: string) => Buffer.from(JSON.stringify([createdAt, 'event-x'])).toString('base64url');

const OUT_OF_RANGE_PARAMS = [
  'since=0000-01-01',
  'until=0000-12-31T23:59:59Z',
  'since=9999-12-31T23:59:59-01:00',
  'until=9999-12-31T99:00:00Z',
  'until=9999-12-31T23:59:60Z',
  'since=2020-13-45',
];

const OUT_OF_RANGE_CURSORS = [
  '0000-01-01T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '+010000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '+275761-01-01T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
];

describe('REST GET /users/me/events', () => {
  it('out-of-range since/until are 400 InvalidInput, never 500', async () => {
    for (const query of OUT_OF_RANGE_PARAMS) {
      const reply = await rest(t.app, 'GET', `/users/me/events?${query}`, { token: user.token });
      expect(reply.status, `${query}: ${reply.text}`).toBe(400);
      expect(reply.body.code, query).toBe('InvalidInput');
    }
  });

  it('the edges of the range still work', async () => {
    const reply = await rest(t.app, 'GET', '/users/me/events?since=0001-01-01&until=9999-12-31T23:59:59.999Z', {
      token: user.token,
    });
    expect(reply.status, reply.text).toBe(200);
  });
});

describe('GraphQL events', () => {
  const EVENTS = `query($since: DateTime, $until: DateTime, $after: String) {
    events(since: $since, until: $until, after: $after) { edges { cursor } }
  }`;

  it('out-of-range since/until are InvalidInput, never InternalError', async () => {
    for (const variables of [{ since: '0000-01-01T00:00:00Z' }, { until: '0000-06-01T12:00:00.000Z' }]) {
      const reply = await gql(t.app, EVENTS, variables, { token: user.token });
      expect(reply.status).toBeLessThan(500);
      expect(reply.body.errors?.[0]?.extensions?.code, reply.text).toBe('InvalidInput');
    }
    // A value the DateTime scalar itself refuses is a variable error, still no 500.
    const scalar = await gql(t.app, EVENTS, { until: '9999-12-31T99:00:00Z' }, { token: user.token });
    expect(scalar.status).toBeLessThan(500);
    expect(scalar.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a year-0 or year-275761 cursor is InvalidInput', async () => {
    for (const at of OUT_OF_RANGE_CURSORS) {
      const reply = await gql(t.app, EVENTS, { after: cursor(at) }, { token: user.token });
      expect(reply.status).toBeLessThan(500);
      expect(reply.body.errors?.[0]?.extensions?.code, `${at}: ${reply.text}`).toBe('InvalidInput');
    }
  });

  it('a cursor inside the range still pages', async () => {
    const reply = await gql(t.app, EVENTS, { after: cursor('2020-01-01T00:00:00.000Z') }, { token: user.token });
    expect(reply.body.errors, reply.text).toBeUndefined();
  });
});
