/**
 * What prisma/schema.prisma says the PostgreSQL database must look like, read from the schema
 * text itself (so an edit is seen before `prisma generate` runs), following Prisma's own naming
 * conventions for tables, columns, indexes and foreign keys. Covers the attributes this project
 * uses; an attribute it does not know fails loudly rather than being ignored.
 */

export interface ExpectedColumn {
  table: string;
  column: string;
  /** information_schema.columns.data_type (with precision for timestamps). */
  type: string;
  nullable: boolean;
  /** True when the database itself must supply a default. */
  hasDefault: boolean;
}

export interface ExpectedIndex {
  table: string;
  name: string;
  /** `column` or `column DESC`, in index order. */
  columns: string[];
  unique: boolean;
  primary: boolean;
}

export interface ExpectedForeignKey {
  table: string;
  name: string;
  columns: string[];
  references: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface ExpectedModel {
  model: string;
  table: string;
  /** Scalar field name -> column name. */
  columns: Map<string, string>;
}

export interface ExpectedSchema {
  models: ExpectedModel[];
  columns: ExpectedColumn[];
  indexes: ExpectedIndex[];
  foreignKeys: ExpectedForeignKey[];
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  Float: 'double precision',
  Decimal: 'numeric',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

const NATIVE_TYPES: Record<string, (arg?: string) => string> = {
  Text: () => 'text',
  VarChar: (n) => (n ? `character varying(${n})` : 'character varying'),
  Char: (n) => `character(${n ?? 1})`,
  Uuid: () => 'uuid',
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  BigInt: () => 'bigint',
  Boolean: () => 'boolean',
  JsonB: () => 'jsonb',
  Json: () => 'json',
  Timestamp: (p) => `timestamp(${p ?? 3}) without time zone`,
  Timestamptz: (p) => `timestamp(${p ?? 3}) with time zone`,
};

// Prisma's referential actions, as pg_constraint spells them.
const ACTIONS: Record<string, string> = {
  Cascade: 'c',
  Restrict: 'r',
  NoAction: 'a',
  SetNull: 'n',
  SetDefault: 'd',
};

// Defaults the client computes itself: the database has none.
const CLIENT_DEFAULTS = /^(uuid|cuid|nanoid|ulid)\(/;

interface RawField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: string;
}

interface RawModel {
  name: string;
  fields: RawField[];
  blockAttributes: string[];
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
    .join('\n');
}

function parseModels(text: string): { models: RawModel[]; enums: Set<string> } {
  const source = stripComments(text);
  const models: RawModel[] = [];
  const enums = new Set<string>();
  for (const match of source.matchAll(/^\s*(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)) {
    const [, kind, name, body] = match as unknown as [string, string, string, string];
    if (kind === 'enum') {
      enums.add(name);
      continue;
    }
    const model: RawModel = { name, fields: [], blockAttributes: [] };
    for (const raw of body.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      if (line.startsWith('@@')) {
        model.blockAttributes.push(line);
        continue;
      }
      const field = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
      if (!field) throw new Error(`schema.prisma: cannot read line in model ${name}: ${line}`);
      model.fields.push({
        name: field[1]!,
        type: field[2]!,
        optional: field[3] === '?',
        list: field[3] === '[]',
        attributes: field[4] ?? '',
      });
    }
    models.push(model);
  }
  return { models, enums };
}

/** The argument text of `@name(...)` in `attributes`, balancing parentheses; undefined when absent. */
function attributeArgs(attributes: string, name: string): string | undefined {
  const re = new RegExp(`${name.replace(/[.@]/g, '\\$&')}(?![\\w.])`, 'g');
  const found = re.exec(attributes);
  if (!found) return undefined;
  let i = found.index + found[0].length;
  if (attributes[i] !== '(') return '';
  let depth = 0;
  const start = i + 1;
  for (; i < attributes.length; i++) {
    if (attributes[i] === '(') depth++;
    if (attributes[i] === ')' && --depth === 0) return attributes.slice(start, i);
  }
  throw new Error(`schema.prisma: unbalanced parentheses in ${attributes}`);
}

/** Splits on commas that are not inside (), [] or quotes. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '(' || ch === '[')) depth++;
    if (!quoted && (ch === ')' || ch === ']')) depth--;
    if (!quoted && depth === 0 && ch === ',') {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** `[a, b(sort: Desc)]` or `fields: [...]` and named arguments, from an attribute's argument text. */
function fieldList(args: string): { fields: { name: string; desc: boolean }[]; named: Record<string, string> } {
  const named: Record<string, string> = {};
  let list: string | undefined;
  for (const part of splitTop(args)) {
    const kv = /^(\w+)\s*:\s*([\s\S]+)$/.exec(part);
    if (kv && !part.startsWith('[')) named[kv[1]!] = kv[2]!.trim();
    else list = part;
  }
  list ??= named.fields;
  if (!list) throw new Error(`schema.prisma: no field list in (${args})`);
  const fields = splitTop(list.replace(/^\[|\]$/g, '')).map((item) => {
    const m = /^(\w+)(?:\((.*)\))?$/.exec(item);
    if (!m) throw new Error(`schema.prisma: cannot read index field ${item}`);
    return { name: m[1]!, desc: /sort\s*:\s*Desc/.test(m[2] ?? '') };
  });
  return { fields, named };
}

const unquote = (value: string | undefined) => value?.replace(/^"|"$/g, '');

export function expectedSchema(text: string): ExpectedSchema {
  const { models: raw, enums } = parseModels(text);
  const modelNames = new Set(raw.map((m) => m.name));
  const result: ExpectedSchema = { models: [], columns: [], indexes: [], foreignKeys: [] };
  const tables = new Map<string, string>();
  const columnNames = new Map<string, Map<string, string>>();

  for (const model of raw) {
    const mapped = model.blockAttributes.map((a) => /^@@map\("([^"]+)"\)/.exec(a)?.[1]).find(Boolean);
    tables.set(model.name, mapped ?? model.name);
    const columns = new Map<string, string>();
    for (const field of model.fields) {
      if (modelNames.has(field.type)) continue;
      columns.set(field.name, unquote(attributeArgs(field.attributes, '@map')) ?? field.name);
    }
    columnNames.set(model.name, columns);
  }

  for (const model of raw) {
    const table = tables.get(model.name)!;
    const columns = columnNames.get(model.name)!;
    result.models.push({ model: model.name, table, columns });
    const col = (field: string) => {
      const name = columns.get(field);
      if (!name) throw new Error(`schema.prisma: ${model.name}.${field} is not a scalar field`);
      return name;
    };
    const index = (kind: 'idx' | 'key' | 'pkey', fields: { name: string; desc: boolean }[], map?: string) => {
      const dbColumns = fields.map((f) => col(f.name));
      const name = map ?? (kind === 'pkey' ? `${table}_pkey` : `${table}_${dbColumns.join('_')}_${kind}`).slice(0, 63);
      result.indexes.push({
        table,
        name,
        columns: fields.map((f, i) => `${dbColumns[i]}${f.desc ? ' DESC' : ''}`),
        unique: kind !== 'idx',
        primary: kind === 'pkey',
      });
    };

    for (const field of model.fields) {
      const attrs = field.attributes;
      if (modelNames.has(field.type)) {
        const relation = attributeArgs(attrs, '@relation');
        if (relation === undefined || field.list) continue;
        const args = Object.fromEntries(
          splitTop(relation)
            .map((part) => /^(\w+)\s*:\s*([\s\S]+)$/.exec(part))
            .filter((m): m is RegExpExecArray => m !== null)
            .map((m) => [m[1]!, m[2]!.trim()]),
        );
        if (!args.fields) continue; // the other side of a relation
        const from = fieldList(args.fields).fields.map((f) => col(f.name));
        const target = field.type;
        const toColumns = fieldList(args.references!).fields.map((f) => columnNames.get(target)!.get(f.name)!);
        result.foreignKeys.push({
          table,
          name: unquote(args.map) ?? `${table}_${from.join('_')}_fkey`,
          columns: from,
          references: tables.get(target)!,
          referencedColumns: toColumns,
          onDelete: ACTIONS[args.onDelete ?? (field.optional ? 'SetNull' : 'Restrict')]!,
          onUpdate: ACTIONS[args.onUpdate ?? 'Cascade']!,
        });
        continue;
      }
      if (field.list) throw new Error(`schema.prisma: scalar lists are not handled (${model.name}.${field.name})`);
      const native = /@db\.(\w+)(?:\(([^)]*)\))?/.exec(attrs);
      let type: string;
      if (native) {
        const make = NATIVE_TYPES[native[1]!];
        if (!make) throw new Error(`schema.prisma: add @db.${native[1]} to test/support/prisma-schema.ts`);
        type = make(native[2]);
      } else if (enums.has(field.type)) {
        type = `enum ${field.type}`;
      } else {
        type = SCALAR_TYPES[field.type]!;
        if (!type) throw new Error(`schema.prisma: unknown type ${field.type} (${model.name}.${field.name})`);
      }
      const dflt = attributeArgs(attrs, '@default');
      result.columns.push({
        table,
        column: col(field.name),
        type,
        nullable: field.optional,
        hasDefault: dflt !== undefined && !CLIENT_DEFAULTS.test(dflt),
      });
      if (/@id(?!\w)/.test(attrs)) index('pkey', [{ name: field.name, desc: false }]);
      if (/@unique(?!\w)/.test(attrs)) {
        index(
          'key',
          [{ name: field.name, desc: false }],
          unquote(attributeArgs(attrs, '@unique')?.match(/map:\s*("[^"]+")/)?.[1]),
        );
      }
    }

    for (const attribute of model.blockAttributes) {
      const kind = /^@@(\w+)/.exec(attribute)![1]!;
      if (kind === 'map') continue;
      const args = attributeArgs(attribute, `@@${kind}`) ?? '';
      const { fields, named } = fieldList(args);
      if (kind === 'index') index('idx', fields, unquote(named.map));
      else if (kind === 'unique') index('key', fields, unquote(named.map));
      else if (kind === 'id') index('pkey', fields, unquote(named.map));
      else throw new Error(`schema.prisma: @@${kind} is not handled by test/support/prisma-schema.ts`);
    }
  }
  return result;
}
