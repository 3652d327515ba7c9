import {
  getNamedType,
  isInputObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { SINGLE_GUESS_MESSAGE } from '../../src/graphql/limits/single-guess.js';
import { rootFields } from '../../src/graphql/policy/field-policy.js';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified, type SignedUp } from '../support/http.js';

const t = useTestApp();
let user: SignedUp;
beforeAll(async () => {
  user = await signUpVerified(t);
});

const guess = (alias: string, password: string) =>
  `${alias}: login(username: "${user.email}", password: "${password}") { accessToken }`;

function expectRefused(reply: Awaited<ReturnType<typeof gql>>) {
  expect(reply.status).toBeLessThan(500);
  expect(reply.body.data ?? null).toBeNull();
  const refusal = reply.body.errors?.find((e) => e.message === SINGLE_GUESS_MESSAGE);
  expect(refusal?.extensions?.code, reply.text).toBe('InvalidInput');
  // The right password was among the guesses: no token may come back.
  expect(reply.text).not.toMatch(/eyJ/);
}

describe('one request cannot carry several password guesses', () => {
  it('one login per operation works', async () => {
    const reply = await gql(t.app, `mutation { ${guess('only', user.password)} }`);
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.only.accessToken).toMatch(/^eyJ/);
  });

  it('aliased logins are refused, even with the right password among them', async () => {
    expectRefused(await gql(t.app, `mutation { ${guess('a', 'wrong-1')} ${guess('b', user.password)} }`));
  });

  it('eight aliased logins (within the alias and size limits) are refused as one', async () => {
    const many = Array.from({ length: 8 }, (_, i) => guess(`g${i}`, `wrong-${i}`)).join(' ');
    expectRefused(await gql(t.app, `mutation { ${many} }`));
  });

  it('logins hidden in a fragment and an inline fragment count too', async () => {
    expectRefused(
      await gql(
        t.app,
        `mutation { ...Guess ... on Mutation { ${guess('b', user.password)} } }
         fragment Guess on Mutation { ${guess('a', 'wrong')} }`,
      ),
    );
  });

  it('two different guess fields in one operation are refused (login + verifyEmail)', async () => {
    expectRefused(
      await gql(
        t.app,
        `mutation { ${guess('a', user.password)} verifyEmail(user: "${user.id}", token: "00000000-0000-4000-8000-000000000000") }`,
      ),
    );
  });

  it('a batch (a JSON array of operations) is refused before any of them runs', async () => {
    const batch = [user.password, 'wrong'].map((password) => ({
      query: `mutation { ${guess('a', password)} }`,
    }));
    const reply = await rest(t.app, 'POST', '/graphql', { body: batch });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(reply.text).not.toMatch(/eyJ/);
  });

  it('every guess-type field of the schema is refused when aliased twice', async () => {
    const present = rootFields(schema)
      .filter(({ policy }) => policy?.guess)
      .map(({ name, operation }) => ({ name, keyword: operation }));
    expect(present.map((p) => p.name)).toContain('login');
    for (const { name, keyword } of present) {
      // Arguments are left out: other validation errors join ours, and nothing runs.
      const reply = await gql(t.app, `${keyword} { a: ${name} b: ${name} }`);
      expect(
        reply.body.errors?.map((e) => e.message),
        name,
      ).toContain(SINGLE_GUESS_MESSAGE);
    }
  });
});

// Arguments that carry a secret someone could be guessing. A root field taking one must declare
// `guess: true` in its policy, so a field added later (by any module) cannot slip past the one-guess rule.
const SECRET_ARGUMENTS = new Set([
  'password',
  'oldPassword',
  'twofa',
  'code',
  'token',
  'key',
  'apiKey',
  'clientSecret',
  'refreshToken',
  'secret',
]);
// A new password (sign-up, a reset's new one) is chosen, not guessed; it sits inside an input.
const NOT_GUESSED_INSIDE_INPUTS = new Set(['password', 'newPassword']);

function takesSecret(args: readonly (GraphQLArgument | GraphQLInputField)[], nested: boolean, seen: Set<string>) {
  return args.some((arg): boolean => {
    if (SECRET_ARGUMENTS.has(arg.name) && !(nested && NOT_GUESSED_INSIDE_INPUTS.has(arg.name))) return true;
    const named = getNamedType(arg.type as GraphQLInputType);
    if (!isInputObjectType(named) || seen.has(named.name)) return false;
    return takesSecret(Object.values(named.getFields()), true, new Set([...seen, named.name]));
  });
}

describe('the guess-field list stays complete', () => {
  it('every root field that takes a secret declares guess: true', () => {
    const fields = rootFields(schema);
    const secretTakers = fields.filter(({ field }) => takesSecret(field.args, false, new Set()));
    expect(secretTakers.map(({ name }) => name)).toContain('login');
    expect(secretTakers.filter(({ policy }) => !policy?.guess).map(({ name }) => name)).toEqual([]);
  });
});
