import { availableParallelism } from 'node:os';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { isDatabaseUnavailable } from './db/availability.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './shared/logger.js';
import { createMetricsServer } from './observability/metrics-server.js';
import { assertDataKeyConfig } from './modules/two-factor/secret-box.js';

// argon2 hashes on libuv's pool; size it to the cores (it is created lazily, so this is in time).
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));

/**
 * Start-up failures end with ONE plain line on stderr and a non-zero exit: an operator reads
 * "port 4000 is in use", not a stack trace. 2 = bad setting, 1 = anything else.
 */
function die(reason: string, code: 1 | 2 = 1): never {
  process.stderr.write(`cloud-accounts: cannot start: ${reason}\n`);
  process.exit(code);
}

let config: Config;
try {
  config = loadConfig();
  assertDataKeyConfig(config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // One line per bad value, each naming its variable (never the value: URLs carry passwords).
  process.stderr.write(error.lines.map((line) => `cloud-accounts: invalid setting ${line}\n`).join(''));
  process.exit(2);
}

const logger = createLogger(config.LOG_LEVEL, config.SERVICE_NAME);

/** Where the database is, without credentials, for the "unreachable" line. */
function databaseLabel(): string {
  if (!config.DATABASE_URL) return `embedded database in ${config.DATA_DIR}`;
  try {
    const url = new URL(config.DATABASE_URL);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

function describe(error: unknown): string {
  if (error instanceof ConfigError) return `invalid setting ${error.lines.join('; ')}`;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'EADDRINUSE') return `port ${config.PORT} on ${config.HOST} is already in use (set PORT or HOST)`;
  if (code === 'EACCES') return `not allowed to listen on port ${config.PORT} on ${config.HOST} (set PORT or HOST)`;
  if (code === 'EADDRNOTAVAIL') return `HOST ${config.HOST} is not an address of this machine`;
  const text = typeof message === 'string' && message ? message.split('\n')[0]! : String(code ?? error);
  if (isDatabaseUnavailable(error)) return `${databaseLabel()} is unreachable (${text})`;
  return text;
}

/** Opens and migrates the database while the app's module graph loads: the two overlap. */
async function boot() {
  const [db, { createApp }, { createHttpServer }] = await Promise.all([
    openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE }).then(
      async (db) => {
        try {
          const applied = await migrate(db);
          if (applied.length) logger.info({ applied }, 'migrations applied');
          return db;
        } catch (error) {
          await db.close().catch(() => {});
          throw error;
        }
      },
    ),
    import('./app.js'),
    import('./http/server.js'),
  ]);
  const app = await createApp(config, db, logger);
  return { db, app, server: createHttpServer(app, config.TRUST_PROXY) };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Fails fast on a taken port, before seconds of database start-up; listen() below still checks. */
function probePort(): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(config.PORT, config.HOST, () => probe.close(() => resolve()));
  });
}

await probePort().catch((error: unknown) => die(describe(error)));
const { db, app, server } = await boot().catch((error: unknown) =>
  die(describe(error), error instanceof ConfigError ? 2 : 1),
);
await listen(server).catch(async (error: unknown) => {
  // Close the embedded database cleanly: the next start should not have to recover it.
  await app.close().catch(() => {});
  await db.close().catch(() => {});
  die(describe(error));
});
logger.info(
  { port: config.PORT, database: db.kind === 'pglite' ? `embedded (${config.DATA_DIR})` : 'postgresql' },
  `listening on ${config.PUBLIC_URL} (GraphQL and GraphiQL at /graphql)`,
);

// METRICS_PORT moves /metrics to a listener of its own (docs/observability.md).
const metricsServer = config.METRICS_PORT && app.metrics ? createMetricsServer(app.metrics) : undefined;
metricsServer?.on('error', (error) => {
  logger.fatal({ reason: error.message, port: config.METRICS_PORT }, 'metrics listener failed');
  process.exit(1);
});
metricsServer?.listen(config.METRICS_PORT, config.HOST);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: draining in-flight requests');
  const force = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
  force.unref();
  // close() stops accepting, closes idle keep-alive sockets and waits for in-flight requests.
  metricsServer?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
  await db.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
