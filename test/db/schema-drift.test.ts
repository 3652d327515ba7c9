import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { getDatamodel } from '../../src/generated/pothos-types.js';
import { schema } from '../../src/graphql/schema.js';
import { freshDatabase } from '../support/db.js';
import { expectedSchema, type ExpectedSchema } from '../support/prisma-schema.js';

// Two committed descriptions must match what they describe: schema.graphql the Pothos schema,
// and prisma/schema.prisma the database the migrations build. Migrations are hand-kept SQL (the
// schema engine cannot be downloaded here), so this test is what catches a model change that
// has no migration, or a migration that the model does not know about.

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('schema.graphql', () => {
  it('is exactly the printed Pothos schema', () => {
    const committed = read('schema.graphql');
    expect(committed, 'schema.graphql is stale: run `npm run schema:print` and commit the result').toBe(
      `${printSchema(schema)}\n`,
    );
  });
});

interface ActualSchema {
  columns: string[];
  indexes: string[];
  foreignKeys: string[];
}

async function actualSchema(db: Database): Promise<ActualSchema> {
  return db.withSession(async (session) => {
    const columns = await session.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      datetime_precision: number | null;
      character_maximum_length: number | null;
      column_default: string | null;
    }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, datetime_precision,
              character_maximum_length, column_default
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const indexes = await session.query<{
      table: string;
      name: string;
      columns: string;
      unique: boolean;
      primary: boolean;
    }>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
              string_agg(a.attname || CASE WHEN ix.indoption[k.n - 1] & 1 = 1 THEN ' DESC' ELSE '' END, ',' ORDER BY k.n) AS columns
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE ns.nspname = 'public' AND t.relname <> '_prisma_migrations'
        GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`,
    );
    const foreignKeys = await session.query<{
      table: string;
      name: string;
      columns: string;
      references: string;
      referenced: string;
      on_delete: string;
      on_update: string;
    }>(
      `SELECT t.relname AS table, c.conname AS name, r.relname AS references,
              c.confdeltype AS on_delete, c.confupdtype AS on_update,
              (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
              (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS referenced
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
        WHERE c.contype = 'f' AND ns.nspname = 'public'`,
    );
    return {
      columns: columns.map((c) => {
        let type = c.data_type;
        if (type.startsWith('timestamp')) type = type.replace('timestamp', `timestamp(${c.datetime_precision})`);
        if (type === 'character varying' && c.character_maximum_length) type += `(${c.character_maximum_length})`;
        if (type === 'USER-DEFINED') type = `enum ${c.udt_name}`;
        const nullable = c.is_nullable === 'YES' ? 'NULL' : 'NOT NULL';
        return `${c.table_name}.${c.column_name} ${type} ${nullable}${c.column_default !== null ? ' DEFAULT' : ''}`;
      }),
      indexes: indexes.map(
        (i) => `${i.table}: ${i.primary ? 'PRIMARY KEY' : i.unique ? 'UNIQUE' : 'INDEX'} ${i.name} (${i.columns})`,
      ),
      foreignKeys: foreignKeys.map(
        (f) =>
          `${f.table}: ${f.name} (${f.columns}) -> ${f.references}(${f.referenced}) delete ${f.on_delete} update ${f.on_update}`,
      ),
    };
  });
}

/** The same strings for what schema.prisma expects. */
function described(expected: ExpectedSchema): ActualSchema {
  return {
    columns: expected.columns.map(
      (c) => `${c.table}.${c.column} ${c.type} ${c.nullable ? 'NULL' : 'NOT NULL'}${c.hasDefault ? ' DEFAULT' : ''}`,
    ),
    indexes: expected.indexes.map(
      (i) =>
        `${i.table}: ${i.primary ? 'PRIMARY KEY' : i.unique ? 'UNIQUE' : 'INDEX'} ${i.name} (${i.columns.join(',')})`,
    ),
    foreignKeys: expected.foreignKeys.map(
      (f) =>
        `${f.table}: ${f.name} (${f.columns.join(',')}) -> ${f.references}(${f.referencedColumns.join(',')}) delete ${f.onDelete} update ${f.onUpdate}`,
    ),
  };
}

/** What is in one list and not the other, both ways, as readable lines. */
function drift(expected: ActualSchema, actual: ActualSchema): string[] {
  const lines: string[] = [];
  for (const key of ['columns', 'indexes', 'foreignKeys'] as const) {
    const have = new Set(actual[key]);
    const want = new Set(expected[key]);
    for (const item of want) if (!have.has(item)) lines.push(`in schema.prisma, not in the database: ${item}`);
    for (const item of have) if (!want.has(item)) lines.push(`in the database, not in schema.prisma: ${item}`);
  }
  return lines.sort();
}

const HINT =
  'prisma/schema.prisma and the migrated database disagree: add a migration under prisma/migrations (or fix the model)';

describe('prisma/schema.prisma against the migrated database', () => {
  let db: Database;
  let actual: ActualSchema;
  const schemaText = read('prisma/schema.prisma');
  const expected = expectedSchema(schemaText);

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    actual = await actualSchema(db);
  });
  afterAll(() => db?.close());

  it('has exactly the tables of the models, plus the migration ledger', async () => {
    const tables = await db.withSession((s) =>
      s.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      ),
    );
    expect(tables.map((t) => t.table_name).sort(), HINT).toEqual(
      [...expected.models.map((m) => m.table), '_prisma_migrations'].sort(),
    );
  });

  it('has the same columns, types, nullability and defaults, indexes and foreign keys', () => {
    expect(expected.columns.length).toBeGreaterThan(30);
    expect(expected.indexes.length).toBeGreaterThan(10);
    expect(drift(described(expected), actual), HINT).toEqual([]);
  });

  it('notices a model change that has no migration (the check can fail)', () => {
    const withExtraColumn = schemaText.replace(/(model User \{\n)/, '$1  nickname String?\n');
    const withExtraIndex = schemaText.replace(/(@@map\("users"\))/, '@@index([surname])\n  $1');
    const withoutColumn = schemaText.replace(/^\s*totpLastStep\s.*$/m, '');
    const nullableChanged = schemaText.replace(/(\n\s+displayName\s+)String /, '$1String? ');
    expect(drift(described(expectedSchema(withExtraColumn)), actual)).toEqual([
      'in schema.prisma, not in the database: users.nickname text NULL',
    ]);
    expect(drift(described(expectedSchema(withExtraIndex)), actual)).toEqual([
      'in schema.prisma, not in the database: users: INDEX users_surname_idx (surname)',
    ]);
    expect(drift(described(expectedSchema(withoutColumn)), actual)).toEqual([
      'in the database, not in schema.prisma: users.totp_last_step integer NULL',
    ]);
    expect(drift(described(expectedSchema(nullableChanged)), actual)).toHaveLength(2);
  });

  it('is what the generated client was built from (run `npm install` or prisma generate if not)', () => {
    // The Pothos/Prisma types come from `prisma generate`; stale ones would hide a model change.
    const generated = getDatamodel().datamodel.models;
    const fromText = Object.fromEntries(expected.models.map((m) => [m.model, [...m.columns.keys()].sort()] as const));
    const fromGenerated = Object.fromEntries(
      Object.entries(generated).map(([name, model]) => [
        name,
        model.fields
          .filter((f) => f.kind !== 'object')
          .map((f) => f.name)
          .sort(),
      ]),
    );
    expect(fromGenerated, 'src/generated is stale: run `node scripts/prisma-generate.mjs`').toEqual(fromText);
    for (const m of expected.models) {
      for (const field of generated[m.model]!.fields.filter((f) => f.kind === 'scalar')) {
        const column = expected.columns.find((c) => c.table === m.table && c.column === m.columns.get(field.name));
        expect(column?.nullable, `${m.model}.${field.name}`).toBe(!field.isRequired);
      }
    }
  });
});
