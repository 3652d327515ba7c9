import { readdirSync, readFileSync } from 'node:fs';
import {
  getIntrospectionQuery,
  getNamedType,
  isLeafType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { routes } from '../../src/rest/routes.js';
import { createTestApp, useTestApp } from '../support/app.js';
import { gql, rest as restCall, signUpVerified } from '../support/http.js';

const t = useTestApp();
let token: string;
beforeAll(async () => {
  token = (await signUpVerified(t)).token;
});

const codes = (reply: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  (reply.body.errors ?? []).map((e) => e.extensions?.code);

/** The refusal: our code, and a message that never names the number it went over. */
function expectRefused(reply: Awaited<ReturnType<typeof gql>>) {
  expect(reply.status).toBeLessThan(500);
  expect(reply.body.data ?? null).toBeNull();
  const refusal = reply.body.errors?.find((e) => e.extensions?.code === 'QueryTooComplex');
  expect(refusal, reply.text).toBeDefined();
  expect(refusal!.message).not.toMatch(/\d/);
}

const nested = (depth: number) => `{ ${'me { '.repeat(depth)}id${' }'.repeat(depth)} }`;

describe('graphql-armor limits refuse oversized operations before any resolver runs', () => {
  it('depth: deeper than GRAPHQL_MAX_DEPTH (10) is refused', async () => {
    expectRefused(await gql(t.app, nested(11), {}, { token }));
  });

  it('aliases: more than GRAPHQL_MAX_ALIASES (10) is refused; ten pass', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expectRefused(await gql(t.app, aliased(11), {}, { token }));
    const ten = await gql(t.app, aliased(10), {}, { token });
    expect(ten.body.errors).toBeUndefined();
    expect(ten.body.data.a9.id).toMatch(/^user-/);
  });

  it('tokens: a document of more than GRAPHQL_MAX_TOKENS (1000) tokens is refused while parsing', async () => {
    expectRefused(await gql(t.app, `{ me { ${'id '.repeat(1000)}} }`, {}, { token }));
  });

  it('directives: more than GRAPHQL_MAX_DIRECTIVES (20) is refused', async () => {
    const fields = Array.from({ length: 21 }, (_, i) => `f${i}: id @include(if: true)`).join(' ');
    expectRefused(await gql(t.app, `{ me { ${fields} } }`, {}, { token }));
  });

  it('cost: a list asked for a million times is refused', async () => {
    const reply = await gql(
      t.app,
      `{ events(first: 1000000) { edges { node { id } cursor } pageInfo { hasNextPage } } }`,
      {},
      { token },
    );
    expectRefused(reply);
  });

  it('introspection is exempt from depth and cost, but a nested introspection bomb is refused', async () => {
    // Each `fields { type { fields … } }` level multiplies the answer; graphql-js's
    // MaxIntrospectionDepthRule (in the standard rules Yoga runs) caps that nesting.
    const bomb = `{ __schema { types { ${'fields { type { '.repeat(6)}name${' } }'.repeat(6)} } } }`;
    const reply = await gql(t.app, bomb);
    expect(reply.status).toBeLessThan(500);
    expect(reply.body.data ?? null).toBeNull();
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a refused login operation mints no token', async () => {
    const reply = await gql(
      t.app,
      `mutation { login(username: "x", password: "y") { ${'accessToken '.repeat(1000)}} }`,
    );
    expectRefused(reply);
    expect(reply.text).not.toContain('accessToken"');
  });

  it('every limit is a setting', async () => {
    const strict = await createTestApp({
      GRAPHQL_MAX_DEPTH: '1',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_TOKENS: '5',
      GRAPHQL_MAX_COST: '1',
      GRAPHQL_MAX_DIRECTIVES: '0',
    });
    try {
      expectRefused(await gql(strict.app, '{ me { id } }')); // depth 2, cost > 1
      expectRefused(await gql(strict.app, '{ a: __schema { description } b: me { id } }')); // an alias
      expectRefused(await gql(strict.app, '{ __typename __typename __typename }')); // 5+ tokens
      expectRefused(await gql(strict.app, '{ __typename @skip(if: false) }')); // a directive
      expect(codes(await gql(strict.app, '{ __typename }'))).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

/** Every field of `type`, recursively, each type once per path; lists asked for 1000 at a time. */
function fullSelection(type: GraphQLObjectType, path: Set<string>): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && !path.has(named.name)) {
      parts.push(`${field.name}${args(field)} { ${fullSelection(named, new Set([...path, named.name]))} }`);
    }
  }
  return parts.join(' ') || '__typename';
}

const args = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((a) => a.name === 'first') ? '(first: 1000)' : '';

describe('real operations pass the limits comfortably', () => {
  it("GraphiQL's introspection query (every option on) is answered", async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const reply = await gql(t.app, query);
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.__schema.queryType.name).toBe('Query');
  });

  it('every root field with every field beneath it (lists at their largest page) is within the limits', async () => {
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const field of Object.values(root.getFields())) {
        const named = getNamedType(field.type);
        const selection = isObjectType(named) ? ` { ${fullSelection(named, new Set([named.name]))} }` : '';
        const keyword = root === schema.getQueryType() ? 'query' : 'mutation';
        // Required arguments are left out: validation then refuses mutations, so none runs.
        const reply = await gql(t.app, `${keyword} { ${field.name}${args(field)}${selection} }`, {}, { token });
        expect(codes(reply), `${field.name}: ${reply.text}`).not.toContain('QueryTooComplex');
      }
    }
  });

  it('every REST route document and every example client operation is within the limits', async () => {
    const dir = new URL('../../client/operations/', import.meta.url);
    const documents = [
      ...routes.map((route) => route.document),
      ...readdirSync(dir)
        .filter((file) => file.endsWith('.graphql'))
        .map((file) => readFileSync(new URL(file, dir), 'utf8')),
    ];
    for (const document of documents) {
      // No variables: required ones fail coercion, after validation (where the limits run).
      const reply = await send(document);
      expect(codes(reply), reply.text).not.toContain('QueryTooComplex');
      expect(codes(reply), reply.text).not.toContain('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

/** Sends a whole document; with several operations, names the first (validation covers them all). */
function send(document: string) {
  const operationName = /(?:query|mutation)\s+(\w+)/.exec(document)?.[1];
  return restCall(t.app, 'POST', '/graphql', { token, body: { query: document, operationName } });
}
