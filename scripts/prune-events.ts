import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { EventRetention } from '../src/modules/events/retention.js';
import { createLogger } from '../src/shared/logger.js';

// `npm run events:prune`: deletes audit events older than EVENTS_RETENTION_DAYS now, in the same
// small batches as the service's hourly job, and prints how many went. With the embedded
// database (no DATABASE_URL) stop the service first: PGlite is opened by one process at a time.
const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const retention = new EventRetention(db.prisma, createLogger(config.LOG_LEVEL, config.SERVICE_NAME), {
    retentionDays: config.EVENTS_RETENTION_DAYS,
  });
  const cutoff = retention.cutoff();
  const deleted = await retention.prune();
  console.log(`deleted ${deleted} audit events stored before ${cutoff.toISOString()}`);
} finally {
  await db.close();
}
