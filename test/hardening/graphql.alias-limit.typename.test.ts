import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql } from '../support/http.js';

// graphql-armor's alias limit lets `__typename` aliases through by default, so a request could
// still carry thousands of fields to resolve and answer ("x0: __typename x1: __typename ...").

const t = useTestApp({ GRAPHQL_MAX_ALIASES: '10' });

const typenames = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `x${i}: __typename`).join(' ')} }`;

describe('the alias limit counts __typename aliases', () => {
  it('20 aliased __typename are refused with QueryTooComplex, naming no number', async () => {
    const reply = await gql(t.app, typenames(20));
    expect(reply.status).toBeLessThan(500);
    expect(reply.body.data ?? null).toBeNull();
    const refusal = reply.body.errors?.find((e) => e.extensions?.code === 'QueryTooComplex');
    expect(refusal, reply.text).toBeDefined();
    expect(refusal!.message).not.toMatch(/\d/);
  });

  it('inside a fragment and on nested selections too', async () => {
    const inFragment = `query { ...F } fragment F on Query { ${Array.from({ length: 11 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect((await gql(t.app, inFragment)).body.errors?.[0]?.extensions?.code).toBe('QueryTooComplex');
  });

  it('ten aliases pass, and plain (unaliased) __typename is not an alias', async () => {
    const ten = await gql(t.app, typenames(10));
    expect(ten.body.errors).toBeUndefined();
    expect(ten.body.data.x9).toBe('Query');
    const plain = await gql(t.app, '{ __typename }');
    expect(plain.body.data.__typename).toBe('Query');
  });
});
