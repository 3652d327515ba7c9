import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified, type SignedUp } from '../support/http.js';
import { seedEvents } from './helpers.js';

// REST events page with the cursors GraphQL hands out: `first` and `after` in, the next cursor out
// in `Link: <…>; rel="next"` and `X-Next-Cursor`. Without them the answer is the plain array it was.

const t = useTestApp({ EVENTS_FLUSH_MS: '600000' });
let user: SignedUp & { token: string };
const NEWEST = new Date(Date.now() - 3600_000);

beforeAll(async () => {
  user = await signUpVerified(t);
  await seedEvents(t, user.id, 95, { newest: NEWEST, stepMs: 1000 });
  await seedEvents(t, user.id, 7, { newest: new Date(NEWEST.getTime() - 500), stepMs: 1000, service: 'other' });
  await t.app.services.events.flush();
});

const list = (query: string) => rest(t.app, 'GET', `/users/me/events${query}`, { token: user.token });
const ids = (body: { id: string }[]) => body.map((event) => event.id);

/** Follows `Link: rel="next"` from `start` to the last page; returns every id and the pages' sizes. */
async function follow(start: string): Promise<{ all: string[]; sizes: number[] }> {
  const all: string[] = [];
  const sizes: number[] = [];
  let path: string | undefined = `/users/me/events${start}`;
  while (path && sizes.length < 50) {
    const reply = await rest(t.app, 'GET', path, { token: user.token });
    expect(reply.status, reply.text).toBe(200);
    expect(Array.isArray(reply.body)).toBe(true);
    all.push(...ids(reply.body));
    sizes.push(reply.body.length);
    const link = reply.headers.get('link');
    const cursor = reply.headers.get('x-next-cursor');
    path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
    expect(path === undefined).toBe(cursor === null);
    if (path) expect(new URL(path, 'http://x').searchParams.get('after')).toBe(cursor);
  }
  return { all, sizes };
}

describe('GET /users/me/events with cursors', () => {
  it('without paging parameters: the plain array, no paging headers', async () => {
    const reply = await list('');
    expect(reply.status).toBe(200);
    expect(Array.isArray(reply.body)).toBe(true);
    expect(reply.headers.get('link')).toBeNull();
    expect(reply.headers.get('x-next-cursor')).toBeNull();
    const limited = await list('?limit=5');
    expect(limited.body).toHaveLength(5);
    expect(limited.headers.get('link')).toBeNull();
  });

  it('following Link visits every event once, newest first, in pages of `first`', async () => {
    const everything = ids((await list('?limit=500')).body);
    const { all, sizes } = await follow('?first=30');
    expect(all).toEqual(everything);
    expect(new Set(all).size).toBe(all.length);
    expect(sizes.slice(0, -1).every((size) => size === 30)).toBe(true);
  });

  it('the Link keeps the filters', async () => {
    const { all } = await follow('?first=3&service=other');
    expect(all).toHaveLength(7);
    const first = await list('?first=3&service=other');
    expect(first.headers.get('link')).toContain('service=other');
  });

  it("uses GraphQL's cursors: the same pages either way", async () => {
    const query = `query($after: String) { events(first: 10, after: $after) { edges { node { id } } pageInfo { endCursor } } }`;
    const one = await gql(t.app, query, {}, { token: user.token });
    const cursor = one.body.data.events.pageInfo.endCursor as string;
    const restFirst = await list('?first=10');
    expect(restFirst.headers.get('x-next-cursor')).toBe(cursor);
    const two = await gql(t.app, query, { after: cursor }, { token: user.token });
    const restSecond = await list(`?first=10&after=${encodeURIComponent(cursor)}`);
    expect(ids(restSecond.body)).toEqual(two.body.data.events.edges.map((e: { node: { id: string } }) => e.node.id));
  });

  it('a bad cursor or page size is 400 InvalidInput', async () => {
    const forged = Buffer.from(JSON.stringify(['not a date', 'event-x'])).toString('base64url');
    for (const query of ['?after=garbage', '?after=', `?after=${forged}`, '?first=0', '?first=x', '?first=5&limit=5']) {
      const reply = await list(query);
      expect([reply.status, reply.body.code], query).toEqual([400, 'InvalidInput']);
    }
  });
});
