import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { REQUEST_ERROR_CODES } from '../../src/graphql/limits/error-codes.js';
import { CSRF_HEADER } from '../../src/graphql/limits/index.js';
import { ERROR_CODES } from '../../src/shared/errors.js';
import { useTestApp } from '../support/app.js';
import { rest, signUpVerified, type SignedUp } from '../support/http.js';
import { clientIp, expectNoLeak, fuzzRuns, fuzzStats, send, snapshot, type RawRequest } from './fuzz-support.js';
import { graphqlCase, type GraphQLCase } from './graphql-fuzz-support.js';

/**
 * Property-based fuzzing of /graphql with documents generated from the schema (see
 * graphql-fuzz-support.ts). Every answer: never a 5xx and never InternalError; JSON whose every
 * error carries a known `extensions.code`; no stack trace, path, ORM or SQL; and an operation
 * with one root field that produced no data changed nothing in the database.
 */
const RUNS = fuzzRuns(900);

// Ours (src/shared/errors.ts) plus the request-level codes Yoga and src/graphql/limits/ use.
const KNOWN_CODES = new Set<string>([
  ...ERROR_CODES,
  ...Object.values(REQUEST_ERROR_CODES),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'REQUEST_ENTITY_TOO_LARGE',
]);

const t = useTestApp();
let user: SignedUp & { token: string };
let clientId: string;
let original: { passwordHash: string; tokenVersion: number; email: string; emailKey: string };
beforeAll(async () => {
  user = await signUpVerified(t);
  clientId = (await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token })).body.clientId;
  original = await t.db.prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { passwordHash: true, tokenVersion: true, email: true, emailKey: true },
  });
});

/** A valid generated operation may change the password or email: put them back for later cases. */
async function restoreCredentials() {
  const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  const changed = (Object.keys(original) as (keyof typeof original)[]).some((k) => row[k] !== original[k]);
  if (changed) await t.db.prisma.user.update({ where: { id: user.id }, data: original });
  // A generated logout or endOtherSessions ends sessions: bring the test token's back.
  await t.db.prisma.session.updateMany({ where: { userId: user.id }, data: { endedAt: null } });
}

const envelope = fc.record({
  authorization: fc.oneof(
    { weight: 6, arbitrary: fc.constant('valid') },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'Bearer x.y.z', 'Basic Zm9vOmJhcg==', 'Bearer ') },
  ),
  accept: fc.constantFrom(undefined, 'application/json', 'application/graphql-response+json', '*/*'),
  overGet: fc.nat(9).map((n) => n === 0),
  csrfHeader: fc.boolean(),
  clientIp,
});

function toRequest(c: GraphQLCase, e: typeof envelope extends fc.Arbitrary<infer T> ? T : never): RawRequest {
  const headers: Record<string, string> = {};
  if (e.authorization === 'valid') headers.authorization = `Bearer ${user.token}`;
  else if (e.authorization) headers.authorization = e.authorization;
  if (e.accept) headers.accept = e.accept;
  if (e.overGet) {
    if (e.csrfHeader) headers[CSRF_HEADER] = '1';
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(c)) {
      if (value !== undefined) params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return { method: 'GET', path: `/graphql?${params}`, headers, clientIp: e.clientIp };
  }
  headers['content-type'] = 'application/json';
  return { method: 'POST', path: '/graphql', headers, body: JSON.stringify(c), clientIp: e.clientIp };
}

interface GraphQLReply {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

const producedData = (body: GraphQLReply) => Object.values(body.data ?? {}).some((v) => v !== null);

describe('fuzzing /graphql', () => {
  it(`${RUNS} generated operations: no 5xx, a known code on every error, no leak, nothing written when refused`, async () => {
    let before = await snapshot(t.db);
    const stats = fuzzStats();
    const known = { email: user.email, userId: user.id, password: user.password, clientId };
    const property = fc.asyncProperty(fc.gen(), envelope, async (g, e) => {
      const { multipleRoots, ...generated } = graphqlCase(g, schema, known);
      const request = toRequest(generated, e);
      const label = `${request.method} ${(request.body ?? request.path).toString().slice(0, 300)}`;
      const reply = await send(t.app, request);
      expect(reply.status, `${label} -> ${reply.text.slice(0, 300)}`).toBeLessThan(500);
      expectNoLeak(reply.text, label);
      const body = JSON.parse(reply.text) as GraphQLReply;
      const field = /\bf0: (\w+)/.exec(String(generated.query))?.[1] ?? '-';
      stats.add(
        `${field} ${reply.status} ${producedData(body) ? 'data' : (body.errors ?? []).map((e) => e.extensions?.code).join(',')}`,
      );
      for (const error of body.errors ?? []) {
        const code = error.extensions?.code;
        expect(typeof code === 'string' && KNOWN_CODES.has(code), `${label}: ${JSON.stringify(error)}`).toBe(true);
        expect(code, `${label}: ${error.message}`).not.toBe('InternalError');
      }
      if (producedData(body) || multipleRoots) {
        await t.app.services.background.drain();
        await restoreCredentials();
        before = await snapshot(t.db);
      } else {
        expect(await snapshot(t.db), `${label} produced no data but changed the database`).toEqual(before);
      }
    });
    await fc.assert(property, { numRuns: RUNS, endOnFailure: true });
    stats.print();
  }, 300_000);
});
