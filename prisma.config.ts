import { defineConfig } from 'prisma/config';

// Prisma's CLI is used only for `generate` (offline-safe); migrations are applied by
// src/db/migrate.ts, so no datasource URL is needed here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
