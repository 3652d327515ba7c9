import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

export const dbKind = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const onPostgres = dbKind === 'postgres';

/** A fresh, empty database URL on the test PostgreSQL server. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return base.replace(/\/[^/]*$/, `/${name}`);
}

/** A migrated, empty database of the kind this test project runs on. */
export async function freshDatabase(): Promise<{ db: Database; url?: string }> {
  const url = onPostgres ? await freshPostgresUrl() : undefined;
  const db = await openDatabase({ url, poolSize: 10 });
  await migrate(db);
  return { db, url };
}
