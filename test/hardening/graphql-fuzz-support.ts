import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { anyJson, edgeCursor, edgeInstant, nastyString } from './fuzz-support.js';

/**
 * GraphQL documents generated from the schema itself, so fields other modules add are fuzzed
 * too: real root fields with random selections, arguments as literals or variables of the right
 * or a wrong type, then (sometimes) the text mangled: braces dropped or doubled, tokens swapped in.
 */
type G = fc.GeneratorValue;

export interface Known {
  email: string;
  userId: string;
  password: string;
  clientId: string;
}

export interface GraphQLCase {
  query: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
  /**
   * Two root fields: when the second fails, `data` is null although the first may have written,
   * as GraphQL specifies, so "no data, no change" does not apply.
   */
  multipleRoots?: boolean;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A value for an input type: usually of that type (with nasty content), sometimes not. */
function valueFor(g: G, type: GraphQLInputType, known: Known, depth = 0): unknown {
  if (g(fc.nat, 9) === 0 || depth > 4) return g(() => anyJson);
  if (isNonNullType(type)) return valueFor(g, type.ofType, known, depth);
  if (g(fc.nat, 14) === 0) return null;
  if (isListType(type)) {
    return Array.from({ length: g(fc.nat, 3) }, () => valueFor(g, type.ofType, known, depth + 1));
  }
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) || g(fc.boolean)) value[field.name] = valueFor(g, field.type, known, depth + 1);
    }
    if (g(fc.nat, 5) === 0) value[g(fc.constantFrom, 'extra', 'id', '__proto__', 'constructor')] = g(() => anyJson);
    return value;
  }
  if (isEnumType(type)) return g(fc.constantFrom, ...type.getValues().map((v) => v.name), 'NOT_A_VALUE');
  switch (type.name) {
    case 'Int':
      return g(() => fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, 1e9, 1001)));
    case 'Float':
      return g(fc.double);
    case 'Boolean':
      return g(fc.boolean);
    case 'DateTime':
      return g(() =>
        fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          edgeInstant,
          nastyString,
        ),
      );
    case 'UUID':
      return g(() => fc.oneof(fc.uuid(), nastyString));
    case 'EmailAddress':
      return g(() => fc.oneof(fc.emailAddress(), fc.constant(known.email), nastyString));
    case 'JSONObject':
      return g(() => anyJson);
    default: // String, ID
      return g(() =>
        fc.oneof(
          { weight: 4, arbitrary: nastyString },
          { weight: 1, arbitrary: fc.constantFrom(known.email, known.userId, known.password, known.clientId) },
          // Reaches `events(after:)` with a well-formed cursor holding an out-of-range date.
          { weight: 1, arbitrary: edgeCursor },
        ),
      );
  }
}

/** Prints a value as a GraphQL literal; enum-typed strings go bare. */
function literal(value: unknown, type?: GraphQLInputType): string {
  const named = type && getNamedType(type);
  if (typeof value === 'string' && named && isEnumType(named) && NAME.test(value)) return value;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value) ? '1e999' : (JSON.stringify(value) ?? 'null');
  }
  const inner = (t?: GraphQLInputType) => (t && (isNonNullType(t) || isListType(t)) ? t.ofType : t);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, inner(inner(type)))).join(', ')}]`;
  const fields = named && isInputObjectType(named) ? named.getFields() : {};
  return `{${Object.entries(value)
    .map(([k, v]) => `${NAME.test(k) ? k : 'k'}: ${literal(v, fields[k]?.type)}`)
    .join(', ')}}`;
}

function selection(g: G, type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields());
  const picked = fields.filter(() => g(fc.nat, 2) === 0);
  const parts = (picked.length ? picked : fields.slice(0, 1)).map((field) => {
    const named = getNamedType(field.type);
    const args = field.args.some((a) => a.name === 'first') && g(fc.boolean) ? `(first: ${g(fc.integer)})` : '';
    if (isLeafType(named)) return field.name;
    if (!isObjectType(named) || depth > 3) return `${field.name}${args} { __typename }`;
    return `${field.name}${args} { ${selection(g, named, depth + 1)} }`;
  });
  if (g(fc.nat, 8) === 0) parts.push(g(fc.constantFrom, 'nope', '__typename', '__schema { types { name } }', '...X'));
  return parts.join(' ');
}

/**
 * Fields a generated case may not call: with the known password, deleteMyAccount really deletes
 * the fuzzing account, which no later case can do without (its bad inputs are covered by
 * test/account-data).
 */
const UNDOABLE = new Set(['deleteMyAccount']);

/** A real operation: one or two root fields, arguments inline or as variables. */
function operation(g: G, schema: GraphQLSchema, known: Known): GraphQLCase {
  const keyword = g(fc.constantFrom, 'query', 'mutation') as 'query' | 'mutation';
  const root = (keyword === 'query' ? schema.getQueryType() : schema.getMutationType())!;
  const rootFields = Object.values(root.getFields()).filter((field) => !UNDOABLE.has(field.name));
  const chosen = Array.from({ length: 1 + g(fc.nat, 1) }, () => rootFields[g(fc.nat, rootFields.length - 1)]!);
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const body = chosen.map((field: GraphQLField<unknown, unknown>, i) => {
    const args = field.args
      .filter((arg) => isNonNullType(arg.type) || g(fc.boolean))
      .map((arg) => {
        const value = valueFor(g, arg.type, known);
        if (g(fc.boolean)) return `${arg.name}: ${literal(value, arg.type)}`;
        const name = `v${declarations.length}`;
        const declared =
          g(fc.nat, 6) === 0 ? g(fc.constantFrom, 'String', 'Int!', '[String]', 'Boolean!') : String(arg.type);
        declarations.push(`$${name}: ${declared}`);
        if (g(fc.nat, 8) !== 0) variables[name] = value;
        return `${arg.name}: $${name}`;
      });
    const named = getNamedType(field.type);
    const sel = isObjectType(named) ? ` { ${selection(g, named, 1)} }` : '';
    return `f${i}: ${field.name}${args.length ? `(${args.join(', ')})` : ''}${sel}`;
  });
  const vars = declarations.length ? `(${declarations.join(', ')})` : '';
  return {
    query: `${keyword} Fuzz${vars} { ${body.join(' ')} }`,
    variables,
    operationName: 'Fuzz',
    multipleRoots: chosen.length > 1,
  };
}

const VOCABULARY = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '@',
  '...',
  '=',
  '|',
  '&',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'me',
  'login',
  'events',
  '__schema',
  '__typename',
  'id',
  '"x"',
  '"""',
  '1',
  '-1.5e9',
  'true',
  'null',
  '#',
  ',',
  '\n',
  'directive',
  'schema',
  'extend',
  'type',
  'input',
];

/** Mangles document text: drops, doubles or swaps in tokens at random places. */
function mangle(g: G, text: string): string {
  let out = text;
  for (let n = g(fc.integer, { min: 1, max: 5 }); n > 0; n--) {
    const at = g(fc.nat, out.length);
    const op = g(fc.constantFrom, 'drop', 'double', 'insert', 'truncate');
    if (op === 'drop') out = out.slice(0, at) + out.slice(at + 1);
    else if (op === 'double') out = out.slice(0, at) + out.charAt(at) + out.slice(at);
    else if (op === 'insert') out = `${out.slice(0, at)} ${g(fc.constantFrom, ...VOCABULARY)} ${out.slice(at)}`;
    else out = out.slice(0, at);
  }
  return out;
}

export function graphqlCase(g: G, schema: GraphQLSchema, known: Known): GraphQLCase {
  switch (g(fc.constantFrom, 'valid', 'valid', 'valid', 'mangled', 'mangled', 'soup', 'deep', 'envelope')) {
    case 'valid':
      return operation(g, schema, known);
    case 'mangled': {
      const op = operation(g, schema, known);
      return { ...op, query: mangle(g, op.query as string) };
    }
    case 'soup':
      return { query: g(() => fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 300 })).join(' ') };
    case 'deep': {
      const n = g(fc.nat, 2000);
      const unit = g(fc.constantFrom, 'me { ', 'a: me { ', '... on Query { ', '[');
      return { query: `{ ${unit.repeat(n)}id${' }'.repeat(n)} }` };
    }
    default:
      // The request envelope itself: wrong types for query, variables, operationName, extensions.
      return {
        query: g(() => fc.oneof(anyJson, fc.constant('{ __typename }'))),
        variables: g(() => fc.option(anyJson)),
        operationName: g(() => fc.option(anyJson)),
        extensions: g(() => fc.option(anyJson)),
      };
  }
}
