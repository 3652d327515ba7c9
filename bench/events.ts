import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { encodeCursor } from '../src/modules/events/event.service.js';
import { createLogger } from '../src/shared/logger.js';
import { startPostgres } from '../test/support/postgres-server.js';

/*
 * `npm run bench:events`: the audit trail's two performance promises, measured in one run on a
 * real PostgreSQL server started for the purpose (BENCH_PGLITE=1 adds the page latency on PGlite).
 *
 * 1. Newest page (100 events) at 1,000 vs 1,000,000 events of one user: median latency of many
 *    runs of the service query, and of GET /users/me/events through the app. Target: 1M within 1.5x of 1k.
 * 2. Throughput of GET /users/me with recording on vs off: two apps in this process on the same
 *    database, rounds of in-process app.fetch calls in back-to-back pairs; the recording round
 *    writes its batches as it goes. Target: on >= 0.9x of off (median of the pair ratios).
 *
 * Ratios against a baseline measured in the same run, never absolute times.
 */

const SMALL = 1_000;
const OTHERS = 100_000;
const LARGE = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const REQUESTS_PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 1500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const dataDir = mkdtempSync(join(tmpdir(), 'accounts-bench-'));
const logger = createLogger('silent', 'bench');
const dataKey = randomBytes(32).toString('hex');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function makeApp(db: Database, url: string | undefined, eventsEnabled: boolean): Promise<App> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...(url ? { DATABASE_URL: url } : {}),
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    EVENTS_ENABLED: String(eventsEnabled),
    DATA_ENCRYPTION_KEY: dataKey,
  });
  return createApp(config, db, logger);
}

/** A verified user and an account token for it, made through the services. */
async function makeUser(app: App, name: string): Promise<{ id: string; token: string }> {
  const user = await app.services.users.signUp(
    {
      email: `${name}-${Date.now()}@example.com`,
      password: 'Bench!mark-pass1',
      displayName: name,
    },
    { clientIp: '127.0.0.1' },
  );
  const verified = await app.services.db.prisma.user.update({
    where: { id: user.id },
    data: { verifiedAt: new Date() },
  });
  const { token } = await app.services.login.startSession(verified, 'password', {
    ip: '127.0.0.1',
    userAgent: 'bench',
  });
  return { id: user.id, token };
}

/**
 * Seeds `count` events for a user in one statement (generate_series), one second apart. On
 * PostgreSQL through a client of its own: the app's pool has a query timeout shorter than this.
 */
async function seed(db: Database, url: string | undefined, userId: string, count: number): Promise<number> {
  const started = performance.now();
  const run = async (session: { query(sql: string, params?: unknown[]): Promise<unknown> }) => {
    await session.query(
      `INSERT INTO events (id, user_id, service, input, output, service_data, http_status_code, created_at)
       SELECT 'event-' || gen_random_uuid(), CASE WHEN $1 = '' THEN 'user-other-' || (g % 1000) ELSE $1 END,
              'cloud-accounts',
              '{"method":"GET","path":"/users/me","operationName":"Me"}'::jsonb,
              '{"startTime":"2020-04-24T19:57:48.988Z","endTime":"2020-04-24T19:57:49.065Z","httpStatusCode":200,"bytesOut":385}'::jsonb,
              '{}'::jsonb, 200,
              (now() AT TIME ZONE 'UTC') - CASE WHEN $1 = '' THEN g * interval '30 milliseconds'
                                                ELSE interval '1 hour' + g * interval '1 second' END
       FROM generate_series(1, $2::int) AS g`,
      [userId, count],
    );
    await session.query('ANALYZE events');
  };
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await run(client).finally(() => client.end());
  } else {
    await db.withSession(run);
  }
  return (performance.now() - started) / 1000;
}

/** Median latency of each function, sampled alternately so load drift hits them alike. */
async function timeRuns(runs: number, ...fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (let i = 0; i < Math.min(50, runs); i++) for (const fn of fns) await fn(); // warm-up
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    for (const [j, fn] of fns.entries()) {
      const started = performance.now();
      await fn();
      samples[j]!.push(performance.now() - started);
    }
  }
  return samples.map(median);
}

interface PageLatency {
  small: number;
  large: number;
  deep: number;
  restSmall: number;
  restLarge: number;
}

/** Newest-page latency for a user with SMALL and one with LARGE events, on one database. */
async function pageLatency(label: string, db: Database, url: string | undefined): Promise<PageLatency> {
  const app = await makeApp(db, url, false);
  const small = await makeUser(app, 'small');
  const large = await makeUser(app, 'large');
  // Other users' traffic, the newest in the table, as in a real deployment.
  console.log(
    `[${label}] seeding ${OTHERS} events of 1000 other users: ${(await seed(db, url, '', OTHERS)).toFixed(1)} s`,
  );
  console.log(`[${label}] seeding ${SMALL} events: ${(await seed(db, url, small.id, SMALL)).toFixed(1)} s`);
  console.log(
    `[${label}] seeding ${LARGE.toLocaleString('en')} events: ${(await seed(db, url, large.id, LARGE)).toFixed(1)} s`,
  );

  const events = app.services.events;
  // A page from the middle of the large history, reached by cursor (keyset, not offset).
  const middle = await db.prisma.event.findFirst({
    where: { userId: large.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: Math.floor(LARGE / 2),
  });
  const after = encodeCursor(middle!);
  const [small100, large100, deep] = await timeRuns(
    PAGE_RUNS,
    () => events.page(small.id, { limit: 100 }),
    () => events.page(large.id, { limit: 100 }),
    () => events.page(large.id, { limit: 100, after }),
  );
  const get = (token: string) => async () => {
    const response = await app.fetch(
      new Request('http://bench/users/me/events', { headers: { authorization: `Bearer ${token}` } }),
    );
    await response.arrayBuffer();
  };
  const [restSmall, restLarge] = await timeRuns(Math.ceil(PAGE_RUNS / 2), get(small.token), get(large.token));
  const result = { small: small100!, large: large100!, deep: deep!, restSmall: restSmall!, restLarge: restLarge! };
  if (db.kind === 'postgres') {
    const plan = await db.withSession((session) =>
      session.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
         SELECT * FROM events WHERE user_id = ANY (ARRAY[$1]::text[]) ORDER BY user_id, created_at DESC, id DESC LIMIT 101`,
        [large.id],
      ),
    );
    console.log(`[${label}] plan of the newest page (the service's query) at ${LARGE.toLocaleString('en')} events:`);
    for (const row of plan) console.log(`    ${row['QUERY PLAN']}`);
  }
  await app.close();
  console.log(
    `[${label}] newest page, median of ${PAGE_RUNS}: ${SMALL} events ${ms(result.small)}, ` +
      `${LARGE.toLocaleString('en')} events ${ms(result.large)}; page at depth ${LARGE / 2} by cursor ${ms(result.deep)}`,
  );
  console.log(
    `[${label}] GET /users/me/events (100 events), median: ${ms(result.restSmall)} vs ${ms(result.restLarge)}`,
  );
  return result;
}

interface Round {
  /** Requests per second, wall clock. */
  rate: number;
  /** CPU time of this process per request, in microseconds. */
  cpuPerRequest: number;
}

/**
 * One round of GET /users/me through app.fetch, CONCURRENCY at a time. With recording on, the
 * recorder writes its batches during the round as it does in production (a bulk insert each
 * time EVENTS_BATCH_SIZE events wait), so their cost on both this process and the database
 * server is inside the timing; only the last partial batch is written after it.
 */
async function round(app: App, token: string, requests: number): Promise<Round> {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) {
      const response = await app.fetch(
        new Request('http://bench/users/me', { headers: { authorization: `Bearer ${token}` } }),
        { clientIp: '127.0.0.1' },
      );
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET /users/me answered ${response.status}`);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: requests / seconds, cpuPerRequest: (used.user + used.system) / requests };
}

interface RecordingCost {
  /** Median over pairs of (rate on / rate off) from back-to-back rounds. */
  rateRatio: number;
  on: number;
  off: number;
  cpuOn: number;
  cpuOff: number;
}

async function recordingCost(db: Database, url: string): Promise<RecordingCost> {
  const on = await makeApp(db, url, true);
  const off = await makeApp(db, url, false);
  const user = await makeUser(off, 'throughput');
  const flush = () => on.services.events.flush();
  await round(off, user.token, 300); // warm-up, both
  await round(on, user.token, 300);
  await flush();
  const rounds = { on: [] as Round[], off: [] as Round[] };
  const ratios: number[] = [];
  for (let pair = 0; pair < ROUNDS; pair++) {
    // Short rounds back to back, in alternating order: load from elsewhere on the machine hits
    // both halves of a pair alike, and the median over pairs shrugs off the rest.
    const sides = pair % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const);
    for (const side of sides) {
      rounds[side].push(await round(side === 'on' ? on : off, user.token, REQUESTS_PER_ROUND));
      // The tail (less than a batch) is written between rounds, so it slows neither side.
      if (side === 'on') await flush();
    }
    ratios.push(rounds.on.at(-1)!.rate / rounds.off.at(-1)!.rate);
  }
  const stats = on.services.events.stats();
  await on.close();
  await off.close();
  const rates = (side: 'on' | 'off') => rounds[side].map((r) => r.rate.toFixed(0)).join(' ');
  console.log(
    `[postgresql] GET /users/me, ${ROUNDS} pairs of rounds of ${REQUESTS_PER_ROUND} (concurrency ${CONCURRENCY}), req/s:\n` +
      `    off ${rates('off')}\n    on  ${rates('on')}`,
  );
  console.log(
    `[postgresql] recorder: ${stats.written} events written, ${stats.droppedQueueFull + stats.droppedWriteFailed} dropped`,
  );
  return {
    rateRatio: median(ratios),
    on: median(rounds.on.map((r) => r.rate)),
    off: median(rounds.off.map((r) => r.rate)),
    cpuOn: median(rounds.on.map((r) => r.cpuPerRequest)),
    cpuOff: median(rounds.off.map((r) => r.cpuPerRequest)),
  };
}

const verdict = (met: boolean) => (met ? 'target met' : 'TARGET MISSED');

const server = await startPostgres();
try {
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = server.url('bench');
  const db = await openDatabase({ url, poolSize: 10 });
  await migrate(db);

  const pages = await pageLatency('postgresql', db, url);
  const cost = await recordingCost(db, url);
  await db.close();

  let pglite: PageLatency | undefined;
  if (process.env.BENCH_PGLITE === '1') {
    const lite = await openDatabase({});
    await migrate(lite);
    pglite = await pageLatency('pglite', lite, undefined);
    await lite.close();
  }

  const pageRatio = pages.large / pages.small;
  const rateRatio = cost.rateRatio;
  console.log('\nResults (PostgreSQL 15, ratios from this run):');
  console.log(
    `  newest page at ${LARGE.toLocaleString('en')} vs ${SMALL} events: ${pageRatio.toFixed(2)}x ` +
      `(${ms(pages.large)} vs ${ms(pages.small)}; target <= 1.5x: ${verdict(pageRatio <= 1.5)})`,
  );
  console.log(
    `  GET /users/me throughput, recording on vs off: ${rateRatio.toFixed(2)}x, median of ${ROUNDS} paired rounds ` +
      `(medians ${cost.on.toFixed(0)} vs ${cost.off.toFixed(0)} req/s; target >= 0.9x: ${verdict(rateRatio >= 0.9)})`,
  );
  console.log(
    `  process CPU per request, on vs off: ${(cost.cpuOn / cost.cpuOff).toFixed(2)}x ` +
      `(${cost.cpuOn.toFixed(0)} vs ${cost.cpuOff.toFixed(0)} µs; the PostgreSQL server's share not included)`,
  );
  if (pglite) {
    console.log(
      `  PGlite newest page at ${LARGE.toLocaleString('en')} vs ${SMALL}: ${(pglite.large / pglite.small).toFixed(2)}x ` +
        `(${ms(pglite.large)} vs ${ms(pglite.small)})`,
    );
  }
} finally {
  await server.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
