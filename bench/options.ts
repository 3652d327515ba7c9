import { availableParallelism } from 'node:os';

/** Every knob of `npm run bench`, read from the environment; the defaults keep a run under 5 minutes. */
export interface BenchOptions {
  /** Length of one measured round, in seconds. */
  roundSeconds: number;
  /** Warm-up before the first measured round of each target, in seconds. */
  warmupSeconds: number;
  /** Measured rounds per target for the `me` and audit comparisons (alternating order). */
  rounds: number;
  /** autocannon connections for every throughput figure. */
  connections: number;
  /** Connections that run password logins during the login storm. */
  stormConnections: number;
  /** libuv thread pool of the service and of the raw argon2id baseline (argon2 runs there). */
  threadPool: number;
  /** Which databases to run: `pglite`, `postgres` or both. */
  databases: ('pglite' | 'postgres')[];
  /** The service's LOG_LEVEL; production's default is `info` (one line per request). */
  logLevel: string;
}

function number(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}`);
  return value;
}

export function readOptions(): BenchOptions {
  const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const db of databases) {
    if (db !== 'pglite' && db !== 'postgres') throw new Error('BENCH_DATABASES lists pglite and/or postgres');
  }
  return {
    roundSeconds: number('BENCH_SECONDS', 4, 0.5),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 2, 0),
    rounds: Math.round(number('BENCH_ROUNDS', 2, 1)),
    connections: Math.round(number('BENCH_CONNECTIONS', 20, 1)),
    stormConnections: Math.round(number('BENCH_STORM_CONNECTIONS', 8, 1)),
    threadPool: Math.round(number('UV_THREADPOOL_SIZE', Math.max(4, availableParallelism()), 1)),
    databases: databases as BenchOptions['databases'],
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
  };
}
