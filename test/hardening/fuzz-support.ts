import fc from 'fast-check';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';

/**
 * Cases per fuzz file and test project. CI runs the default (3000 in all: two files on two
 * projects); FUZZ_RUNS=20000 npx vitest run test/hardening/fuzz digs deeper.
 */
export const fuzzRuns = (fallback: number) => Number(process.env.FUZZ_RUNS ?? fallback);

/**
 * The tables a refused request must leave alone, each as a row count and a hash of every row.
 * Left out on purpose: `events` (every call, refused or not, is audited) and `rate_limits`
 * (refusals are what the limiters count); likewise `one_time_codes.attempts`, which counts wrong
 * codes so the live code can die after too many.
 */
const SNAPSHOT: Record<string, string> = {
  users: 't.*',
  one_time_codes: 't.id, t.user_id, t.purpose, t.code_hash, t.expires_at, t.used_at, t.created_at',
  recovery_codes: 't.*',
  client_keys: 't.*',
  refresh_tokens: 't.*',
  signing_keys: 't.kid, t.retired_at',
};

export async function snapshot(db: Database): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [table, columns] of Object.entries(SNAPSHOT)) {
    const rows = await db.prisma.$queryRawUnsafe<{ n: number; h: string }[]>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(row(${columns})::text, '|' ORDER BY row(${columns})::text), '')) AS h FROM ${table} t`,
    );
    result[table] = `${rows[0]!.n}:${rows[0]!.h}`;
  }
  return result;
}

// What must never reach a client: a stack frame, a source path, the ORM or SQL.
const LEAKS: [string, RegExp][] = [
  ['stack frame', /\n\s+at |\bat [\w$.<>]+ \(/],
  ['source path', /(?:\/work\/|node_modules|\/src\/|file:\/\/|\.ts:\d+|\.js:\d+)/],
  ['ORM', /prisma|PrismaClient|\$queryRaw|driver ?adapter/i],
  [
    'SQL',
    /\b(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|syntax error at or near|violates (?:unique|foreign key|not-null) constraint|relation "\w+"/,
  ],
  ['internal error type', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError): /],
];

/** Fails when the response text shows anything a client must not see. */
export function expectNoLeak(text: string, context: string): void {
  for (const [what, pattern] of LEAKS) {
    expect(pattern.test(text), `${what} leaked in ${context}: ${text.slice(0, 500)}`).toBe(false);
  }
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  clientIp: string;
}

export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One request through app.fetch, as node:http would hand it on: a GET carrying a body arrives as
 * a POST remembering it was a GET (see src/http/server.ts).
 */
export async function send(app: App, request: RawRequest): Promise<RawReply> {
  const getWithBody = (request.method === 'GET' || request.method === 'HEAD') && request.body !== undefined;
  const response = await app.fetch(
    new Request(`http://localhost${request.path}`, {
      method: getWithBody ? 'POST' : request.method,
      headers: request.headers,
      body: request.body as BodyInit | undefined,
    }),
    { clientIp: request.clientIp, originalMethod: getWithBody ? request.method : undefined },
  );
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A random client address, so per-IP limits and lockouts do not end the fuzzing early. */
export const clientIp = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((parts) => `10.${parts.slice(1).join('.')}`);

// Header values a real HTTP stack passes on: visible Latin-1, no control characters.
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)),
);
export const headerText = (maxLength = 64) => fc.string({ unit: headerChar, maxLength }).map((s) => s.trim());

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Authorization headers: none, garbage, malformed schemes, well-formed but wrong, and (often, so
 * the fuzzing reaches past authentication) the real ones `real()` lists.
 */
export function authorization(real: () => string[], knownEmail: () => string) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.nat().map((i) => real()[i % real().length]) },
    fc.constant(undefined),
    headerText(),
    headerText().map((s) => `Bearer ${s}`),
    fc.constant('Bearer '),
    fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
    fc.constant('Bearer a.b.c'),
    headerText().map((s) => `Basic ${s}`),
    fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 })).map(([u, p]) => `Basic ${b64(`${u}:${p}`)}`),
    fc.string({ maxLength: 40 }).map((p) => `Basic ${b64(`${knownEmail()}:${p}`)}`),
    fc.string({ maxLength: 40 }).map((s) => `Basic ${b64(s)}`),
    fc.constant('Basic'),
  );
}

// Mostly JSON, so bodies get past the 415 a REST call without a JSON content type earns.
export const contentType = fc.oneof(
  fc.constant(undefined),
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant('application/json; charset=utf-8') },
  fc.constant('APPLICATION/JSON;charset=UTF-8'),
  fc.constant('application/json; charset=latin1'),
  fc.constant('text/plain'),
  fc.constant('application/x-www-form-urlencoded'),
  fc.constant('multipart/form-data; boundary=x'),
  headerText(40),
);

/** A string meant to break things: empty, huge, unicode, control characters, NUL, SQL, paths. */
export const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.nat({ max: 300_000 }).map((n) => 'x'.repeat(n)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      "'; DROP TABLE users; --",
      '../../etc/passwd',
      '%00',
      '\ud800',
      '𝕏'.repeat(300),
      '1e309',
      '-0',
      '__proto__',
      'constructor',
      '{"$ne":null}',
      'user-00000000-0000-4000-8000-000000000000',
      '00000000-0000-4000-8000-000000000000',
      'a'.repeat(257),
      'Corr3ct!Horse',
      'clientCredentials',
      'refreshToken',
    ),
  },
);

/**
 * Instants at and past the edges of what JavaScript, ISO 8601 and PostgreSQL can hold: year 0
 * (PostgreSQL has none), five-digit years, JavaScript's last day and beyond, hour 99.
 */
export const edgeInstant = fc.constantFrom(
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-01:00',
  '9999-12-31T99:99:99Z',
  '+010000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '+275761-01-01T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
);

/** Event cursors in the handed-out shape (base64url JSON of [createdAt, id]) holding edge instants. */
export const edgeCursor = edgeInstant.map((at) =>
  Buffer.from(JSON.stringify([at, 'event-00000000-0000-4000-8000-000000000000'])).toString('base64url'),
);

/** Any JSON value, with the odd deep nest thrown in. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.nat({ max: 200 }).map((depth) => nest(depth)) },
  { weight: 2, arbitrary: nastyString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      -1,
      1e308,
      Number.MAX_SAFE_INTEGER + 2,
      true,
      null,
      [],
      {},
      [null],
      JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}') as unknown,
    ),
  },
);

/** JSON text nested deeper than is sane to build as a value: `{"a":[{"a":[…]}]}`. */
export const deepJsonText = fc
  .tuple(fc.nat({ max: 20_000 }), fc.constantFrom('email', 'a', 'password'))
  .map(([depth, key]) => `${`{"${key}":[`.repeat(depth)}1${']}'.repeat(depth)}`);

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Counts outcomes; FUZZ_STATS=1 prints them, to see how deep the generated requests get. */
export function fuzzStats() {
  const counts = new Map<string, number>();
  return {
    add: (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1),
    print: () => {
      if (!process.env.FUZZ_STATS) return;
      const lines = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${n}\t${key}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  };
}
