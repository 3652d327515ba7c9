import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified, type SignedUp } from '../support/http.js';
import { seedEvents } from './helpers.js';

const t = useTestApp({ EVENTS_FLUSH_MS: '600000' });

const EVENTS = `query Page($first: Int, $after: String, $service: String, $since: DateTime, $until: DateTime, $status: Int) {
  events(first: $first, after: $after, service: $service, since: $since, until: $until, status: $status) {
    edges { cursor node { id service user input output { startTime endTime httpStatusCode bytesOut } serviceData createdAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Page {
  edges: {
    cursor: string;
    node: { id: string; createdAt: string; service: string; output: { httpStatusCode: number } };
  }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(user: { token: string }, variables: Record<string, unknown>): Promise<Page> {
  const reply = await gql(t.app, EVENTS, variables, { token: user.token });
  expect(reply.body.errors).toBeUndefined();
  return reply.body.data.events;
}

/** Pages to the end; `between` runs after every page (to insert events while paging). */
async function allPages(user: { token: string }, variables: Record<string, unknown>, between?: () => Promise<void>) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const current = await page(user, { ...variables, after });
    ids.push(...current.edges.map((e) => e.node.id));
    expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)?.cursor ?? null);
    if (!current.pageInfo.hasNextPage) return ids;
    after = current.pageInfo.endCursor;
    await between?.();
  }
  throw new Error('paging did not end');
}

/** A user with 40 seeded events, several sharing a timestamp (ties are broken by id). */
async function userWithHistory(): Promise<SignedUp & { token: string; base: number }> {
  const user = await signUpVerified(t);
  const base = Date.now() - 3600_000;
  for (let i = 0; i < 10; i++) {
    await seedEvents(t, user.id, 4, { newest: new Date(base - i * 1000), stepMs: 0, status: i % 2 ? 401 : 200 });
  }
  await t.app.services.events.flush();
  return { ...user, base };
}

async function storedIds(userId: string): Promise<string[]> {
  const rows = await t.db.prisma.event.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

describe('GraphQL events connection', () => {
  it('pages newest first through every event exactly once, ties included', async () => {
    const user = await userWithHistory();
    const expected = await storedIds(user.id);
    expect(expected.length).toBe(42); // 40 seeded + verification + login
    for (const first of [1, 7, 42, 100]) {
      expect(await allPages(user, { first })).toEqual(expected);
    }
    const firstPage = await page(user, { first: 5 });
    expect(firstPage.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(firstPage.pageInfo.startCursor).toBe(firstPage.edges[0]!.cursor);
    expect(firstPage.edges[0]!.node).toMatchObject({ service: 'cloud-accounts', user: user.id });
  });

  it('stays stable while new events arrive: no duplicates, no gaps', async () => {
    const user = await userWithHistory();
    const before = await storedIds(user.id);
    const seen = await allPages(user, { first: 6 }, async () => {
      // New calls by the user (recorded through HTTP) and events written straight in.
      await rest(t.app, 'GET', '/users/me', { token: user.token });
      await t.app.services.events.flush();
      await seedEvents(t, user.id, 3, { newest: new Date(), stepMs: 0 });
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(before);
    // Pages were read while the table grew: 3 seeded + 1 call + the page's own event, per page.
    expect((await storedIds(user.id)).length).toBeGreaterThanOrEqual(before.length + 5 * 6);
  });

  it('filters by status, service and time range', async () => {
    const user = await userWithHistory();
    const failed = await allPages(user, { first: 100, status: 401 });
    expect(failed).toHaveLength(20);
    const failedNodes = await page(user, { first: 100, status: 401 });
    expect(failedNodes.edges.every((e) => e.node.output.httpStatusCode === 401)).toBe(true);

    await seedEvents(t, user.id, 3, { newest: new Date(Date.now() - 7200_000), service: 'billing' });
    const billing = await page(user, { service: 'billing' });
    expect(billing.edges.map((e) => e.node.service)).toEqual(['billing', 'billing', 'billing']);

    const newest = user.base;
    const windowed = await allPages(user, {
      first: 3,
      service: 'cloud-accounts',
      since: new Date(newest - 2000).toISOString(),
      until: new Date(newest).toISOString(),
    });
    expect(windowed).toHaveLength(8); // two seconds of 4 events each; the newest second is excluded
  });

  it('rejects bad arguments with InvalidInput and needs an account token', async () => {
    const user = await userWithHistory();
    for (const variables of [
      { first: 0 },
      { first: 1001 },
      { first: -5 },
      { after: 'not-a-cursor' },
      { after: 'WzFd' },
    ]) {
      const reply = await gql(t.app, EVENTS, variables, { token: user.token });
      expect(reply.body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('InvalidInput');
    }
    const bad = await gql(t.app, EVENTS, { since: 'yesterday' }, { token: user.token });
    expect(bad.body.errors?.length).toBeGreaterThan(0);
    expect(bad.body.data).toBeUndefined();
    const anonymous = await gql(t.app, EVENTS, {});
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('Unauthenticated');
  });

  it('answers an empty page past the end', async () => {
    const user = await userWithHistory();
    const last = await page(user, { first: 1000 });
    const past = await page(user, { after: last.edges.at(-1)!.cursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });
});
