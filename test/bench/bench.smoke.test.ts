import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

// `npm run bench` end to end with tiny rounds: every scenario runs and lands in the table, on
// both databases (the bench starts its own PostgreSQL). No figure is judged here: timings are
// the benchmark's business, never a test's. Run in one vitest project only: it starts its own
// servers and gains nothing from running twice.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let bench: ChildProcess | undefined;

// A timed-out test must not leave the bench (and its servers) running: SIGTERM makes it clean up.
afterEach(() => {
  if (bench && bench.exitCode === null && bench.signalCode === null) bench.kill('SIGTERM');
});

function runBench(): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_DATABASES: 'pglite,postgres',
    BENCH_SECONDS: '1',
    BENCH_WARMUP_SECONDS: '0',
    BENCH_ROUNDS: '1',
    BENCH_CONNECTIONS: '4',
    BENCH_STORM_CONNECTIONS: '2',
    BENCH_LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bench = child;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The table's rows as cells, keyed by "scenario @ database". */
function rows(table: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| scenario') || line.startsWith('| ---')) continue;
    const cells = line.slice(2, -2).split(' | ');
    result.set(`${cells[0]!.replace(/ \(\d+ non-2xx, \d+ errors\)$/, '')} @ ${cells[1]}`, cells);
  }
  return result;
}

const THROUGHPUT = [
  '`GET /users/me` (REST)',
  'GraphQL `{ me { id email } }`',
  'client-credentials grant (`POST /auth/token`)',
  'rotating refresh grant (one fresh token per request)',
  'password login (`POST /auth`, argon2id)',
  '`GET /users/me` with audit recording (EVENTS_ENABLED=true)',
];

describe.runIf(process.env.TEST_DB === 'pglite')('npm run bench', () => {
  it(
    'runs every scenario on PGlite and PostgreSQL and prints one table with a baseline per ratio',
    { timeout: 600_000 },
    async () => {
      const run = await runBench();
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Service run as `node (dist\/main\.js|--import tsx src\/main\.ts)`/);
      const table = rows(run.stdout);
      const both = ['PGlite', 'PostgreSQL'];
      for (const database of both) {
        for (const scenario of THROUGHPUT) {
          const cells = table.get(`${scenario} @ ${database}`);
          expect(cells, `${scenario} @ ${database}`).toBeDefined();
          // Every answer was a 2xx (else the name carries the non-2xx count). How many came back in
          // a 1 s round depends on the machine's load, so only the shape of the figure is checked.
          expect(cells![0], `${scenario} @ ${database}`).toBe(scenario);
          expect(cells![2]).toMatch(/^\d+$/);
          expect(cells![3]).toMatch(/^\d+(\.\d+)? \/ \d+(\.\d+)?$/);
        }
        for (const scenario of ['REST vs GraphQL `me`', '`GET /users/me` p99 during a login storm (2 connections)']) {
          expect(table.get(`${scenario} @ ${database}`)?.[5], `${scenario} @ ${database}`).toMatch(/^(\d+\.\d\dx|—)$/);
        }
        expect(table.get(`RSS of the service after the benchmark @ ${database}`)?.[5]).toMatch(
          /^\d+ MB \(peak \d+ MB\)$/,
        );
      }
      for (const scenario of ['bare node:http `me` (baseline)', 'Better Auth `get-session` (peer)']) {
        expect(table.get(`${scenario} @ PostgreSQL`)?.[2], scenario).toMatch(/^\d+$/);
      }
      // On PostgreSQL every `me` and grant figure is a ratio to the bare handler of the same run.
      for (const scenario of THROUGHPUT.slice(0, 4)) {
        expect(table.get(`${scenario} @ PostgreSQL`)?.[4]).toMatch(/^bare node:http \d+ req\/s$/);
      }
      expect(table.get('`GET /users/me` vs Better Auth `get-session` @ PostgreSQL')?.[4]).toMatch(
        /^Better Auth \d+ req\/s$/,
      );
      for (const what of ['fresh data folder', 'restart']) {
        expect(table.get(`start to first 200 (${what}) @ PGlite`)?.[5]).toMatch(/^\d+\.\d\d s$/);
      }
    },
  );
});
