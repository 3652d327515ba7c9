import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { readOptions, type BenchOptions } from './options.js';
import { killAllNow, memoryOf, stopAll } from './processes.js';
import { auditFigure, grantFigures, loginFigures, meFigures, type DatabaseRun } from './scenarios.js';
import { createUser, removeDataDirs, serviceCommand, startService, type Service } from './service.js';
import { markdownTable, type Row } from './table.js';

/*
 * `npm run bench`: every figure of the runtime goals, each beside a baseline measured in the same
 * run, as one markdown table on stdout (progress goes to stderr). docs/benchmark.md explains
 * each row and every BENCH_* setting. The service runs as a child process the way production
 * runs it; autocannon generates the load from this process; each baseline runs in its own.
 */

const options = readOptions();
const began = performance.now();
const log = (line: string) =>
  process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(1)} s] ${line}\n`);
const MAX_RSS = { PGlite: 400, PostgreSQL: 250 } as const;

/** Settings the operator may give the service through the bench's own environment. */
function passedThrough(): Record<string, string> {
  const names = ['ARGON2_MEMORY_KIB', 'ARGON2_TIME_COST', 'ARGON2_PARALLELISM', 'DATABASE_POOL_SIZE'];
  return Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]!]));
}

const launch = (name: string, env: Record<string, string>, dataDir?: string): Promise<Service> =>
  startService(name, options, env, dataDir);

async function scenarios(run: DatabaseRun, service: Service): Promise<Row[]> {
  const user = await createUser(service);
  log(`${run.label}: me (REST, GraphQL${run.serviceDbUrl ? ', bare handler, Better Auth' : ''})`);
  const me = await meFigures(run, service, user);
  log(`${run.label}: grants`);
  const grants = await grantFigures(run, service, user, me.bareRate);
  log(`${run.label}: login and login storm`);
  const logins = await loginFigures(run, service, user);
  log(`${run.label}: audit recording on vs off`);
  const audit = await auditFigure(run, service, user);
  const memory = memoryOf(service.child);
  const max = MAX_RSS[run.label];
  return [
    ...me.rows,
    ...grants,
    ...logins,
    audit,
    {
      scenario: 'RSS of the service after the benchmark',
      database: run.label,
      ratio: memory ? `${Math.round(memory.rss)} MB (peak ${Math.round(memory.peak)} MB)` : 'unknown',
      goal: `<= ${max} MB`,
      met: memory ? memory.rss <= max : undefined,
    },
  ];
}

const startRow = (database: Row['database'], what: string, ms: number, goalMs?: number): Row => ({
  scenario: `start to first 200 (${what})`,
  database,
  ratio: `${(ms / 1000).toFixed(2)} s`,
  goal: goalMs ? `<= ${goalMs / 1000} s` : '—',
  met: goalMs ? ms <= goalMs : undefined,
});

async function pglite(): Promise<Row[]> {
  const run: DatabaseRun = { label: 'PGlite', options, serviceEnv: passedThrough() };
  log('PGlite: start with a fresh data folder, stop, restart');
  const fresh = await launch('service (PGlite)', run.serviceEnv);
  await fresh.child.stop();
  const service = await launch('service (PGlite, restarted)', run.serviceEnv, fresh.dataDir);
  const rows = [
    startRow('PGlite', 'fresh data folder', fresh.startMs, 2000),
    startRow('PGlite', 'restart', service.startMs, 1000),
  ];
  try {
    return [...(await scenarios(run, service)), ...rows];
  } finally {
    await service.child.stop();
  }
}

/** A throw-away server from the installed binaries, unless DATABASE_URL names one. */
async function postgres(server: { current?: PostgresServer }): Promise<Row[]> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    log('PostgreSQL: starting a throw-away server');
    server.current = await startPostgres();
    url = server.current.url();
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const suffix = randomBytes(4).toString('hex');
  const created: string[] = [];
  const database = async (name: string) => {
    await admin.query(`CREATE DATABASE ${name}`);
    created.push(name);
    const target = new URL(url);
    target.pathname = `/${name}`;
    return target.toString();
  };
  try {
    // On a given server the service uses the given database, as production would.
    const serviceDbUrl = server.current ? await database(`bench_${suffix}`) : url;
    const betterAuthUrl = await database(`bench_better_auth_${suffix}`).catch((error: unknown) => {
      log(`Better Auth skipped: cannot create its database (${error instanceof Error ? error.message : error})`);
      return undefined;
    });
    const run: DatabaseRun = {
      label: 'PostgreSQL',
      options,
      serviceEnv: { ...passedThrough(), DATABASE_URL: serviceDbUrl },
      serviceDbUrl,
      betterAuthUrl,
    };
    const service = await launch('service (PostgreSQL)', run.serviceEnv);
    try {
      return [...(await scenarios(run, service)), startRow('PostgreSQL', 'new database', service.startMs)];
    } finally {
      await service.child.stop();
    }
  } finally {
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

function postgresAvailable(): boolean {
  if (process.env.DATABASE_URL) return true;
  return (
    ['17', '16', '15', '14'].some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)) || !!process.env.PG_BIN
  );
}

function header(opts: BenchOptions, seconds: number): string {
  return [
    `Service run as \`${serviceCommand().label}\`; Node ${process.version}, ${cpus().length} CPUs, ` +
      `load average at the end ${loadavg()[0]!.toFixed(2)}.`,
    `autocannon from the bench process, ${opts.connections} connections, ${opts.rounds} alternating ` +
      `round(s) of ${opts.roundSeconds} s after ${opts.warmupSeconds} s warm-up; UV_THREADPOOL_SIZE ${opts.threadPool}; ` +
      `total ${seconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}

const server: { current?: PostgresServer } = {};
async function cleanup() {
  await stopAll();
  await server.current?.destroy();
  removeDataDirs();
}
process.once('exit', () => {
  killAllNow();
  removeDataDirs();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping every child process`);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  const rows: Row[] = [];
  if (options.databases.includes('pglite')) rows.push(...(await pglite()));
  if (options.databases.includes('postgres')) {
    if (postgresAvailable()) rows.push(...(await postgres(server)));
    else log('PostgreSQL skipped: no DATABASE_URL and no server binaries (set PG_BIN)');
  }
  process.stdout.write(`${header(options, (performance.now() - began) / 1000)}\n${markdownTable(rows)}\n`);
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
