import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGliteOptions } from '@electric-sql/pglite';
import { PrismaClient } from '../generated/prisma/client.js';
import { traceDatabaseCall, tracingActive } from '../observability/tracing.js';

// Each driver is imported only when it is used: a PostgreSQL deployment never loads PGlite, and
// the embedded one never loads pg (smaller heap, shorter start).

/** One connection's worth of raw SQL, for the migrator and locks (Prisma cannot run multi-statement SQL). */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  prisma: PrismaClient;
  /** Runs fn on one dedicated connection (advisory locks are per session). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** PostgreSQL pool use, for /metrics (PGlite is one connection, so it has none). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  /** Cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; without one the embedded PGlite database is used. */
  url?: string;
  /** Where PGlite keeps its files; undefined keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir);
}

/**
 * PGlite runs PostgreSQL inside a WebAssembly heap in this process, so Postgres' memory settings
 * are our RSS. Measured on Node 20 (PGlite 0.5, a restart of a small data folder, RSS 1.5 s after
 * `select 1`): defaults (shared_buffers 128MB, all of it touched at start) 312 MB; shared_buffers
 * 16MB 161-190 MB. 16MB is 2,048 pages, more than this service's working set for the data sizes
 * the embedded mode is meant for (PostgreSQL is the answer beyond that), and pages that fall out
 * are re-read from the OS page cache. maintenance_work_mem only bounds index builds (migrations).
 * The rest are PGlite's own defaults, which `startParams` replaces rather than extends.
 */
const PGLITE_MEMORY = ['shared_buffers=16MB', 'maintenance_work_mem=16MB', 'temp_buffers=4MB'];

async function pgliteOptions(): Promise<PGliteOptions> {
  const { PGlite } = await import('@electric-sql/pglite');
  return { startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY.flatMap((setting) => ['-c', setting])] };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const [{ PGlite }, { PrismaPGlite }, options] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
    pgliteOptions(),
  ]);
  const client = await PGlite.create(dir, options);
  const prisma = withTracing(new PrismaClient({ adapter: new PrismaPGlite(client) }), 'postgresql');
  const session: SqlSession = {
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await client.query<T>(sql, params as unknown[])).rows,
  };
  // PGlite is a single connection, so it is also "the" session. Its queue serialises single
  // queries but not a caller's BEGIN..COMMIT, and advisory locks are re-entrant within one
  // session, so two sessions at once (two migrate() calls) would interleave inside one
  // transaction: take turns instead. Do not nest withSession calls on PGlite.
  let turn: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    prisma,
    withSession: (fn) => {
      const run = turn.then(() => fn(session));
      turn = run.catch(() => {});
      return run;
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Fail fast when the server is gone instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // A server that vanishes without closing sockets (a partition) must not hang requests either.
    keepAlive: true,
    query_timeout: 15_000,
  });
  // An idle client losing its server emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', () => {});
  const prisma = withTracing(new PrismaClient({ adapter: new PrismaPg(pool) }), 'postgresql');
  return {
    kind: 'postgres',
    prisma,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        });
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * A span per Prisma call when an OpenTelemetry SDK is registered (docs/observability.md); the
 * client is left as it is otherwise, so an untraced service pays nothing for it.
 */
function withTracing(prisma: PrismaClient, system: string): PrismaClient {
  if (!tracingActive()) return prisma;
  // The extended client has the same methods; its type only differs by the extension's marker.
  return prisma.$extends({
    query: {
      $allOperations: ({ model, operation, args, query }) =>
        traceDatabaseCall(system, model, operation, () => query(args)),
    },
  }) as unknown as PrismaClient;
}
