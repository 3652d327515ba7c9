// Runs `prisma generate` offline. The CLI wants a native schema engine it would download, but
// generate never calls it: point PRISMA_SCHEMA_ENGINE_BINARY at a stub that says why if it ever is.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const stub = join(mkdtempSync(join(tmpdir(), 'prisma-stub-')), 'schema-engine');
writeFileSync(
  stub,
  '#!/bin/sh\necho "schema engine unavailable offline: migrations are applied by npm run db:migrate" >&2\nexit 1\n',
);
chmodSync(stub, 0o755);
const result = spawnSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
