import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { RETENTION_KINDS, RetentionJob, retentionKinds } from '../src/modules/retention/retention-job.js';
import { createLogger } from '../src/shared/logger.js';

// `npm run events:prune`: runs the service's hourly retention job once, now, over every table
// (docs/retention.md), in the same small batches, and prints how many rows of each kind went.
// With the embedded database (no DATABASE_URL) stop the service first: PGlite is opened by one
// process at a time.
const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const retention = new RetentionJob(db.prisma, createLogger(config.LOG_LEVEL, config.SERVICE_NAME), config);
  const now = new Date();
  const counts = await retention.pruneAll(now);
  for (const kind of retentionKinds) {
    const before = retention.cutoff(kind, now).toISOString();
    const deleted = counts[kind];
    const what = kind === 'events' ? 'audit events' : RETENTION_KINDS[kind].what;
    console.log(
      deleted === undefined ? `failed to prune ${what}` : `deleted ${deleted} ${what} stored before ${before}`,
    );
  }
  if (retentionKinds.some((kind) => counts[kind] === undefined)) process.exitCode = 1;
} finally {
  await db.close();
}
