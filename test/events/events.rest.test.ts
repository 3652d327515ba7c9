import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest, signUpVerified, type SignedUp } from '../support/http.js';
import { seedEvents } from './helpers.js';

// Events are written only on flush() here, so each listing sees exactly what the test wrote.
const t = useTestApp({ EVENTS_FLUSH_MS: '600000' });
let user: SignedUp & { token: string };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Seeded events: 150 of cloud-accounts, one per second back from an hour ago, and 5 of "other".
const NEWEST = new Date(Date.now() - 3600_000);

beforeAll(async () => {
  user = await signUpVerified(t);
  await seedEvents(t, user.id, 150, { newest: NEWEST, stepMs: 1000 });
  await seedEvents(t, user.id, 5, { newest: new Date(NEWEST.getTime() - 500), stepMs: 1000, service: 'other' });
});

const list = (query = '') => rest(t.app, 'GET', `/users/me/events${query}`, { token: user.token });

describe('GET /users/me/events', () => {
  it('answers the newest 100 events in the documented shape and key order', async () => {
    await t.app.services.events.flush();
    const reply = await list();
    expect(reply.status).toBe(200);
    expect(Array.isArray(reply.body)).toBe(true);
    expect(reply.body).toHaveLength(100);
    for (const event of reply.body) {
      expect(Object.keys(event)).toEqual(['service', 'output', 'serviceData', 'user', 'input', 'createdAt', 'id']);
      expect(Object.keys(event.output)).toEqual(['startTime', 'endTime', 'httpStatusCode', 'bytesOut']);
      expect(event.user).toBe(user.id);
      expect(event.createdAt).toMatch(ISO);
      expect(event.output.startTime).toMatch(ISO);
      expect(event.output.endTime).toMatch(ISO);
      expect(event.serviceData).toEqual({});
    }
    const times = reply.body.map((e: { createdAt: string }) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The newest are the calls recorded through HTTP (sign-up verification, login).
    expect(reply.body[0].input).toMatchObject({ method: 'POST', path: '/auth', operationName: 'login' });
    // It is the same list the table holds, newest first.
    const stored = await t.db.prisma.event.findMany({
      where: { userId: user.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    expect(reply.body.map((e: { id: string }) => e.id)).toEqual(stored.slice(0, 100).map((e) => e.id));
  });

  it('?limit= takes 1..1000', async () => {
    const five = await list('?limit=5');
    expect(five.body).toHaveLength(5);
    const all = await list('?limit=1000');
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThanOrEqual(155);
    const ids = (events: { id: string }[]) => events.map((e) => e.id);
    expect(ids(all.body.slice(0, 5))).toEqual(ids(five.body));
    expect(new Set(ids(all.body)).size).toBe(all.body.length);
  });

  it('?service= keeps one service', async () => {
    const reply = await list('?service=other');
    expect(reply.status).toBe(200);
    expect(reply.body).toHaveLength(5);
    expect(reply.body.every((e: { service: string }) => e.service === 'other')).toBe(true);
    expect((await list('?service=nothing-here')).body).toEqual([]);
  });

  it('?since= (inclusive) and ?until= (exclusive) bound createdAt', async () => {
    // cloud-accounts seeds sit at NEWEST - k s; "other" seeds at NEWEST - 0.5 s - k s.
    const since = new Date(NEWEST.getTime() - 9000).toISOString();
    const until = new Date(NEWEST.getTime() - 2000).toISOString();
    const reply = await list(`?since=${since}&until=${until}&service=cloud-accounts&limit=1000`);
    expect(reply.status).toBe(200);
    expect(reply.body.map((e: { createdAt: string }) => e.createdAt)).toEqual(
      [3, 4, 5, 6, 7, 8, 9].map((k) => new Date(NEWEST.getTime() - k * 1000).toISOString()),
    );
    // Offsets and date-only values are read as ISO 8601 too.
    const plusTwo = new Date(NEWEST.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect((await list(`?until=${encodeURIComponent(plusTwo)}&limit=1000&service=other`)).body).toHaveLength(5);
    expect((await list('?since=2000-01-01&limit=3')).body).toHaveLength(3);
    expect((await list('?until=2000-01-01')).body).toEqual([]);
  });

  it('answers 400 InvalidInput for bad parameters', async () => {
    for (const query of [
      '?limit=0',
      '?limit=1001',
      '?limit=-1',
      '?limit=1.5',
      '?limit=abc',
      '?limit=',
      '?since=yesterday',
      '?since=2020-13-01',
      '?until=2020-04-24T25:00:00Z',
      '?until=',
      '?service=',
    ]) {
      const reply = await list(query);
      expect(reply.status, query).toBe(400);
      expect(reply.body.code, query).toBe('InvalidInput');
      expect(Object.keys(reply.body)).toEqual(['code', 'message']);
    }
  });

  it('needs an account token', async () => {
    const reply = await rest(t.app, 'GET', '/users/me/events');
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('Unauthenticated');
  });
});
