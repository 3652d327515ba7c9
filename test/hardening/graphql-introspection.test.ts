import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql } from '../support/http.js';

describe('introspection is on by default (GraphiQL needs it)', () => {
  const t = useTestApp();

  it('answers the introspection query', async () => {
    const reply = await gql(t.app, getIntrospectionQuery());
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.__schema.types.length).toBeGreaterThan(5);
  });
});

describe('GRAPHQL_INTROSPECTION=false hides the schema', () => {
  const t = useTestApp({ GRAPHQL_INTROSPECTION: 'false' });

  it('refuses __schema and __type with a validation code', async () => {
    for (const query of [getIntrospectionQuery(), '{ __type(name: "User") { fields { name } } }']) {
      const reply = await gql(t.app, query);
      expect(reply.status).toBeLessThan(500);
      expect(reply.body.data ?? null).toBeNull();
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('does not spell out field names in "did you mean" hints', async () => {
    const reply = await gql(t.app, '{ mee { id } }');
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(reply.text).not.toMatch(/Did you mean/i);
    expect(reply.text).not.toContain('"me"');
  });

  it('still runs ordinary operations', async () => {
    const reply = await gql(t.app, '{ __typename me { id } }');
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('Unauthenticated');
  });
});
