import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate, MigrationError, readMigrations, type Migration } from '../../src/db/migrate.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';

// The project's own migrator: Prisma's folder format and ledger, each migration once, in its own
// transaction, under an advisory lock so replicas starting together do not collide.

const opened: Database[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close().catch(() => {})));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** An empty database of this project's kind, not yet migrated. */
async function emptyDatabase(url?: string): Promise<Database> {
  const db = await openDatabase({ url: onPostgres ? (url ?? (await freshPostgresUrl())) : undefined, poolSize: 4 });
  opened.push(db);
  return db;
}

interface LedgerRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
  rolled_back_at: Date | null;
}

const ledger = (db: Database) =>
  db.withSession((s) =>
    s.query<LedgerRow>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
    ),
  );

const tableExists = async (db: Database, name: string) =>
  (await db.withSession((s) => s.query('SELECT 1 FROM information_schema.tables WHERE table_name = $1', [name])))
    .length === 1;

/** The real migrations plus extra ones, as a folder the migrator can read. */
function migrationsDir(extra: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'accounts-migrations-'));
  dirs.push(dir);
  for (const migration of readMigrations()) {
    mkdirSync(join(dir, migration.name));
    writeFileSync(join(dir, migration.name, 'migration.sql'), migration.sql);
  }
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migrate', () => {
  it('applies every migration once, with a Prisma-compatible ledger; a second run applies nothing', async () => {
    const db = await emptyDatabase();
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(await migrate(db)).toEqual(migrations.map((m) => m.name));
    expect(await migrate(db)).toEqual([]);
    const rows = await ledger(db);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      // Prisma's checksum: SHA-256 of the file's bytes, hex.
      expect(row.checksum).toBe(createHash('sha256').update(migrations[i]!.sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
  });

  it('applies only the new migration when one is added', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    const dir = migrationsDir({ '29990101000000_add_extra': 'CREATE TABLE "extra_probe" ("id" TEXT PRIMARY KEY);' });
    expect(await migrate(db, readMigrations(dir))).toEqual(['29990101000000_add_extra']);
    expect(await migrate(db, readMigrations(dir))).toEqual([]);
    expect(await tableExists(db, 'extra_probe')).toBe(true);
    expect((await ledger(db)).map((r) => r.migration_name)).toContain('29990101000000_add_extra');
  });

  it('refuses a migration that was edited after it was applied, and changes nothing', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    const before = await ledger(db);
    const edited: Migration[] = readMigrations().map((m, i) =>
      i === 0
        ? {
            ...m,
            sql: `${m.sql}\n-- edited`,
            checksum: createHash('sha256').update(`${m.sql}\n-- edited`).digest('hex'),
          }
        : m,
    );
    await expect(migrate(db, edited)).rejects.toThrow(MigrationError);
    await expect(migrate(db, edited)).rejects.toThrow(/edited after it was applied/);
    expect(await ledger(db)).toEqual(before);
    // The lock was released: an ordinary run still works.
    expect(await migrate(db)).toEqual([]);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    const dir = migrationsDir({
      '29990101000000_broken': 'CREATE TABLE "half_done" ("id" TEXT PRIMARY KEY);\nSELECT no_such_function();',
    });
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow();
    expect(await tableExists(db, 'half_done')).toBe(false);
    expect((await ledger(db)).map((r) => r.migration_name)).not.toContain('29990101000000_broken');
    // Fixed, it applies.
    const fixed = migrationsDir({ '29990101000000_broken': 'CREATE TABLE "half_done" ("id" TEXT PRIMARY KEY);' });
    expect(await migrate(db, readMigrations(fixed))).toEqual(['29990101000000_broken']);
  });

  it('concurrent migrate() calls on one database apply each migration once', async () => {
    // On PostgreSQL each call is a separate replica (its own pool); on PGlite they share the one connection.
    const url = onPostgres ? await freshPostgresUrl() : undefined;
    const first = await emptyDatabase(url);
    const replicas = onPostgres
      ? [first, ...(await Promise.all([1, 2, 3].map(() => emptyDatabase(url))))]
      : [first, first, first, first];
    const results = await Promise.all(replicas.map((db) => migrate(db)));
    const names = readMigrations().map((m) => m.name);
    expect(results.flat().sort()).toEqual([...names].sort());
    expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
    const rows = await ledger(first);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
  });
});
