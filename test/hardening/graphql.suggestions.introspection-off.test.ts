import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, useTestApp } from '../support/app.js';
import { gql, type Reply } from '../support/http.js';

// With GRAPHQL_INTROSPECTION=false an operator hides the schema, yet graphql-js spells it out in
// "Did you mean ...?" hints: a prober could walk fields, types, arguments, enum values and input
// fields one typo at a time. None may appear; the errors still say what is wrong.

const t = useTestApp({ GRAPHQL_INTROSPECTION: 'false' });

function expectNoHint(reply: Reply, leaked: string[]) {
  expect(reply.status).toBeLessThan(500);
  expect(reply.body.errors?.length, reply.text).toBeGreaterThan(0);
  expect(reply.text).not.toMatch(/did you mean/i);
  for (const name of leaked) expect(reply.text).not.toContain(`"${name}"`);
}

const TOKEN = 'mutation($input: TokenInput!) { token(input: $input) { accessToken } }';

describe('no "Did you mean" hint with introspection off', () => {
  it('fields and types (validation)', async () => {
    expectNoHint(await gql(t.app, '{ mee { id } }'), ['me']);
    expectNoHint(await gql(t.app, 'query($i: TokenInpt!) { __typename }', {}), ['TokenInput']);
    expectNoHint(await gql(t.app, '{ ... on Usr { id } }'), ['User']);
  });

  it('arguments and enum values written in the document (validation)', async () => {
    expectNoHint(await gql(t.app, 'mutation { login(usernam: "a", password: "b") { accessToken } }'), ['username']);
    expectNoHint(await gql(t.app, 'mutation { token(input: { grantType: clientCredential }) { accessToken } }'), [
      'clientCredentials',
    ]);
    expectNoHint(
      await gql(t.app, 'mutation { token(input: { grantType: clientCredentials, clientSecrt: "x" }) { accessToken } }'),
      ['clientSecret'],
    );
  });

  it('enum values and input fields in variables (coerced during execution)', async () => {
    expectNoHint(await gql(t.app, TOKEN, { input: { grantType: 'refreshTokn' } }), ['refreshToken']);
    expectNoHint(await gql(t.app, TOKEN, { input: { grantType: 'clientCredentials', clientIdd: 'x' } }), ['clientId']);
  });

  it('the errors keep their codes and say what was wrong', async () => {
    const reply = await gql(t.app, TOKEN, { input: { grantType: 'refreshTokn' } });
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reply.body.errors?.[0]?.message).toContain('refreshTokn');
  });
});

describe('with introspection on (the default) the schema is public', () => {
  let open: TestApp;
  beforeAll(async () => {
    open = await createTestApp();
  });
  afterAll(() => open.close());

  it('hints help the integrator', async () => {
    const reply = await gql(open.app, TOKEN, { input: { grantType: 'refreshTokn' } });
    expect(reply.text).toMatch(/did you mean/i);
  });
});
