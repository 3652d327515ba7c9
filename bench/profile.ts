import { readFileSync } from 'node:fs';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { combine, round, type Target } from './load.js';
import { readOptions } from './options.js';
import { memoryOf, stopAll } from './processes.js';
import { meRest } from './scenarios.js';
import { createClientKey, createUser, removeDataDirs, startService } from './service.js';

/*
 * One scenario against one service for profiling, not a benchmark:
 *   BENCH_SERVICE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npx tsx bench/profile.ts postgres me 10
 * Scenarios: me (REST), graphql, cc (client-credentials grant), login. Prints req/s, p99 and RSS.
 */
const [database = 'postgres', scenario = 'me', seconds = '10'] = process.argv.slice(2);
const options = readOptions();
let server: PostgresServer | undefined;
try {
  // Extra service settings as JSON, e.g. PROFILE_SERVICE_ENV='{"MALLOC_ARENA_MAX":"2"}'.
  const env: Record<string, string> = JSON.parse(process.env.PROFILE_SERVICE_ENV ?? '{}') as Record<string, string>;
  if (database === 'postgres') {
    server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    env.DATABASE_URL = server.url('bench');
  }
  const service = await startService('service', options, env);
  process.stderr.write(`started in ${service.startMs.toFixed(0)} ms\n`);
  const user = await createUser(service);
  let target: Target = meRest(service, user);
  if (scenario === 'graphql') {
    target = {
      url: `${service.base}/graphql`,
      method: 'POST',
      headers: { authorization: `Bearer ${user.accessToken}`, accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ me { id email } }' }),
    };
  } else if (scenario === 'cc') {
    const key = await createClientKey(service, user);
    target = {
      url: `${service.base}/auth/token`,
      method: 'POST',
      body: JSON.stringify({ grantType: 'clientCredentials', ...key }),
    };
  } else if (scenario === 'login') {
    const basic = `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`;
    target = { url: `${service.base}/auth`, method: 'POST', headers: { authorization: basic } };
  }
  await round(target, options.connections, 2);
  const before = await transactions(env.DATABASE_URL);
  const cpuBefore = cpuMs(service.child.process.pid!);
  const figure = combine([await round(target, options.connections, Number(seconds))]);
  const after = await transactions(env.DATABASE_URL);
  const cpu = cpuMs(service.child.process.pid!) - cpuBefore;
  const requests = figure.rate * Number(seconds) + figure.non2xx;
  process.stdout.write(`service CPU per request: ${((cpu / requests) * 1000).toFixed(0)} µs\n`);
  if (before !== undefined)
    process.stdout.write(`statements per request: ${((after! - before) / requests).toFixed(2)}\n`);
  const memory = memoryOf(service.child);
  process.stdout.write(
    `${database} ${scenario}: ${figure.rate.toFixed(0)} req/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms, ` +
      `non-2xx ${figure.non2xx}, RSS ${memory?.rss.toFixed(0)} MB (peak ${memory?.peak.toFixed(0)} MB)\n`,
  );
  const metrics = await (await fetch(`${service.base}/metrics`)).text();
  const memoryLines = metrics.split('\n').filter((l) => /^(nodejs_heap_size|nodejs_external|process_resident)/.test(l));
  process.stdout.write(`${memoryLines.join('\n')}\n`);
  await service.child.stop();
} finally {
  await stopAll();
  await server?.destroy();
  removeDataDirs();
}

/** Statements the server has run so far (each single statement outside BEGIN is a transaction). */
async function transactions(url: string | undefined): Promise<number | undefined> {
  if (!url) return undefined;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(
    'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
  );
  const tables = await client.query(
    'select relname, seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd from pg_stat_user_tables order by relname',
  );
  process.stderr.write(`${tables.rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  await client.end();
  return Number(rows[0]!.n);
}

/** User + system CPU time of a process so far, in ms: steadier than req/s on a shared machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
