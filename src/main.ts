import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createApp } from './app.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createHttpServer } from './http/server.js';
import { createLogger } from './shared/logger.js';
import { createMetricsServer } from './observability/metrics-server.js';
import { assertDataKeyConfig } from './modules/two-factor/secret-box.js';

// argon2 hashes on libuv's pool; size it to the cores (it is created lazily, so this is in time).
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));

let config: Config;
try {
  config = loadConfig();
  assertDataKeyConfig(config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`cloud-accounts: ${error.message}\n`);
  process.exit(2);
}

const logger = createLogger(config.LOG_LEVEL, config.SERVICE_NAME);

/** Opens, migrates and wires everything; a failure stops start-up with one log line, not a stack. */
async function boot() {
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const app = await createApp(config, db, logger);
  return { db, app, server: createHttpServer(app, config.TRUST_PROXY) };
}

const { db, app, server } = await boot().catch((error: unknown) => {
  logger.fatal({ reason: error instanceof Error ? error.message : String(error) }, 'start-up failed');
  process.exit(1);
});

server.listen(config.PORT, config.HOST, () => {
  logger.info(
    { port: config.PORT, database: db.kind === 'pglite' ? `embedded (${config.DATA_DIR})` : 'postgresql' },
    `listening on ${config.PUBLIC_URL} (GraphQL and GraphiQL at /graphql)`,
  );
});

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
