import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/rest/routes.js';
import type { RestRoute } from '../../src/rest/route.js';
import { useTestApp } from '../support/app.js';
import { rest, signUpVerified, type SignedUp } from '../support/http.js';
import {
  anyJson,
  authorization,
  clientIp,
  contentType,
  deepJsonText,
  edgeInstant,
  expectNoLeak,
  fuzzRuns,
  fuzzStats,
  headerText,
  nastyString,
  send,
  snapshot,
  type RawRequest,
} from './fuzz-support.js';

/**
 * Property-based fuzzing of every REST route (the list in src/rest/routes.ts, so routes added
 * later are fuzzed too) against a database holding a real verified user with a client key.
 * Every request: never a 5xx, never a stack trace, path, ORM or SQL text; every 4xx is JSON
 * `{code, message}`; and a refused request changes nothing in the database.
 */
const RUNS = fuzzRuns(600);

const t = useTestApp();
let user: SignedUp & { token: string };
let client: { clientId: string; clientSecret: string };
let original: { passwordHash: string; tokenVersion: number };
beforeAll(async () => {
  user = await signUpVerified(t);
  const created = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
  client = created.body;
  original = await t.db.prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { passwordHash: true, tokenVersion: true },
  });
});

/**
 * Now and then a generated request is valid: it changes the password (bumping the token version)
 * or deletes the client key. Put them back, so later cases still get past authentication.
 */
async function restoreCredentials() {
  const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  if (row.passwordHash !== original.passwordHash || row.tokenVersion !== original.tokenVersion) {
    await t.db.prisma.user.update({ where: { id: user.id }, data: original });
  }
  // A generated DELETE /auth logs the token out: bring its session back.
  await t.db.prisma.session.updateMany({ where: { userId: user.id }, data: { endedAt: null } });
  const key = await t.db.prisma.clientKey.findUnique({ where: { id: client.clientId } });
  if (!key || key.deletedAt) {
    const created = await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token });
    if (created.status === 200) client = created.body;
  }
}

// Field names the documented bodies use, so generated bodies reach past "field is required".
const FIELDS = [
  'email',
  'password',
  'displayName',
  'name',
  'surname',
  'entityType',
  'billingAddress',
  'address',
  'zipCode',
  'state',
  'country',
  'oldPassword',
  'newPassword',
  'twofa',
  'code',
  'grantType',
  'clientId',
  'clientSecret',
  'refreshToken',
  'token',
  'key',
  'apiKey',
];

/** A value for a known field: junk of any type, or something real (the user's email, the client id). */
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: anyJson },
  { weight: 1, arbitrary: fc.constant(null).map(() => user.email) },
  { weight: 1, arbitrary: fc.constant(null).map(() => user.id) },
  { weight: 1, arbitrary: fc.constant(null).map(() => client.clientId) },
  { weight: 1, arbitrary: fc.constantFrom('clientCredentials', 'refreshToken') },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s}Aa1!long`) }, // passes the password rule
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), anyJson, { maxKeys: 4 }) },
);

const body: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  // Most bodies carry the documented field names, mostly as strings, to get past "is required".
  {
    weight: 8,
    arbitrary: fc.record(Object.fromEntries(FIELDS.map((f) => [f, fieldValue])), { requiredKeys: [] }).map(json),
  },
  { weight: 3, arbitrary: anyJson.map(json) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, anyJson, { maxKeys: 5 }).map(json) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: anyJson.map((v) => json(v).slice(0, -1)) }, // truncated JSON
  { weight: 1, arbitrary: deepJsonText },
  {
    weight: 1,
    arbitrary: fc.constant(null).map(() => json({ pad: 'x'.repeat(t.config.REQUEST_BODY_LIMIT_BYTES) })),
  },
);

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** A path parameter: a real one, generated text URL-encoded, or raw encoding junk. */
const segment = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null).map(() => user.id) },
  { weight: 1, arbitrary: fc.constant(null).map(() => user.email) },
  { weight: 1, arbitrary: fc.constant(null).map(() => client.clientId) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).map(encodeURIComponent) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('%', '%zz', '%C0%AF', '%00', '%2F', '%ff', '..', '.', '%2e%2e', ';', 'me', '%E2%80%AE'),
  },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((n) => 'a'.repeat(n + 1)) },
);

function fillPath(route: RestRoute, values: string[]): string {
  let i = 0;
  return route.path.replace(/:\w+/g, () => values[i++ % values.length] || 'x');
}

const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .dictionary(fc.constantFrom('limit', 'service', 'since', 'until', 'status', 'first', 'after'), nastyString, {
        maxKeys: 4,
      })
      .map((params) => `?${new URLSearchParams(params as Record<string, string>)}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?limit=%', '?limit=-1', '?limit=1e9', '?limit=0x10', '?since=%ff&until=') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('since', 'until'), edgeInstant)
      .map(([name, at]) => `?${new URLSearchParams({ [name]: at })}`),
  },
);

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

const requestFor = fc.record({
  route: fc.constantFrom(...routes),
  method: fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
  ),
  segments: fc.array(segment, { minLength: 1, maxLength: 3 }),
  query,
  authorization: authorization(
    () => [
      `Bearer ${user.token}`,
      `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`,
    ],
    () => user.email,
  ),
  contentType,
  twofa: fc.option(headerText(12), { nil: undefined }),
  body,
  clientIp,
});

type Generated = typeof requestFor extends fc.Arbitrary<infer T> ? T : never;

function toRequest(g: Generated): RawRequest {
  const headers: Record<string, string> = {};
  if (g.authorization !== undefined) headers.authorization = g.authorization;
  if (g.contentType !== undefined) headers['content-type'] = g.contentType;
  if (g.twofa !== undefined) headers['x-twofa'] = g.twofa;
  const method = g.method ?? g.route.method;
  return {
    method,
    path: fillPath(g.route, g.segments) + g.query,
    headers,
    // DELETE and GET bodies are sent too: GreenCloud documents a GET with a JSON body.
    body: g.body,
    clientIp: g.clientIp,
  };
}

describe('fuzzing every REST route', () => {
  it('covers every route in src/rest/routes.ts', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
  });

  it(`${RUNS} generated requests: no 5xx, no leak, {code, message} on 4xx, nothing written when refused`, async () => {
    let before = await snapshot(t.db);
    const seen = new Set<string>();
    const stats = fuzzStats();
    await fc.assert(
      fc.asyncProperty(requestFor, async (generated) => {
        const request = toRequest(generated);
        const label = `${request.method} ${request.path.slice(0, 120)}`;
        const reply = await send(t.app, request);
        seen.add(`${generated.route.method} ${generated.route.path}`);
        expect(reply.status, `${label} -> ${reply.text.slice(0, 300)}`).toBeLessThan(500);
        expectNoLeak(reply.text, label);
        if (reply.status >= 400) {
          const parsed = JSON.parse(reply.text) as { code?: unknown; message?: unknown };
          stats.add(`${request.method} ${generated.route.path} ${reply.status} ${String(parsed.code)}`);
          expect(typeof parsed.code, `${label}: ${reply.text.slice(0, 300)}`).toBe('string');
          expect(typeof parsed.message, label).toBe('string');
          expect(await snapshot(t.db), `${label} was refused (${parsed.code}) but changed the database`).toEqual(
            before,
          );
        } else {
          stats.add(`${request.method} ${generated.route.path} ${reply.status}`);
          // A request that succeeded may write (a new client key, say); later work settles first.
          await t.app.services.background.drain();
          await restoreCredentials();
          before = await snapshot(t.db);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    stats.print();
    // With this many runs every route is picked; a route never tried would be a silent gap.
    expect([...seen].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  }, 300_000);
});
