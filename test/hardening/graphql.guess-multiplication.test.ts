import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/graphql/context.js';
import { createErrorMasker } from '../../src/graphql/errors.js';
import { schema } from '../../src/graphql/schema.js';
import { useAbuseProtection } from '../../src/modules/abuse/abuse.plugin.js';
import { Credentials } from '../../src/modules/auth/credentials.js';
import { useTestApp } from '../support/app.js';
import { gql, PASSWORD, signUpVerified } from '../support/http.js';
import { basicLogin, freshIp, retryAfter, WRONG_PASSWORD } from '../support/abuse.js';

// One request must not buy more guesses than one request's worth. /graphql refuses operations
// with more than one sign-in field outright (src/graphql/limits); independently of that rule,
// the limits count every resolver call, so aliases, repeated fields and fragments are each an
// attempt. The second part runs the same schema and abuse plugin WITHOUT that rule to show it.
const t = useTestApp({ LOGIN_LOCKOUT_THRESHOLD: '3', RATE_LIMIT_LOGIN: '5/3600' });

const aliasedLogins = (email: string, passwords: string[]) =>
  `mutation {\n${passwords
    .map(
      (password, i) =>
        `  a${i}: login(username: ${JSON.stringify(email)}, password: ${JSON.stringify(password)}) { accessToken }`,
    )
    .join('\n')}\n}`;

describe('through /graphql', () => {
  it('an operation with several login fields is refused before any password is checked', async () => {
    const user = await signUpVerified(t);
    const ip = freshIp();
    for (let round = 0; round < 3; round++) {
      const reply = await gql(
        t.app,
        aliasedLogins(user.email, [WRONG_PASSWORD, WRONG_PASSWORD, PASSWORD]),
        {},
        { clientIp: ip },
      );
      expect(reply.body.data ?? null).toBeNull();
      expect(reply.body.errors?.length).toBeGreaterThan(0);
      expect(reply.text).not.toContain('accessToken":"');
    }
    // Nine guesses were sent, none counted (threshold 3): the right password works from that IP.
    expect((await basicLogin(t, user.email, PASSWORD, ip)).status).toBe(200);
  });
});

describe('counting per resolver call, even without the one-sign-in-field rule', () => {
  // The app's own services and database; only the validation rule is missing.
  const bare = () =>
    createYoga<RequestContext>({
      schema,
      plugins: [useAbuseProtection()],
      logging: false,
      maskedErrors: { maskError: createErrorMasker(t.app.services.logger) },
      context: ({ request }) => ({
        prisma: t.db.prisma,
        services: t.app.services,
        credentials: new Credentials(
          request.headers.get('authorization'),
          t.app.services.tokens,
          t.app.services.sessions,
        ),
      }),
    });
  const run = async (query: string, clientIp: string) => {
    const response = await bare().fetch(
      'http://localhost/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) },
      { requestId: 'test', clientIp, attribution: {}, operationNames: [] },
    );
    return {
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as { data?: Record<string, unknown> | null; errors?: any[] },
    };
  };
  const errorAt = (body: { errors?: any[] }, alias: string) => body.errors?.find((e) => e.path?.[0] === alias);

  it('an operation stops at its first wrong guess, and only the guesses that ran are counted', async () => {
    const user = await signUpVerified(t);
    const ip = freshIp();
    // login is non-null: the first failure ends a mutation (its fields run one after another).
    const op = aliasedLogins(user.email, [WRONG_PASSWORD, WRONG_PASSWORD, WRONG_PASSWORD, PASSWORD]);
    for (let round = 1; round <= 2; round++) {
      const { body, retryAfter: header } = await run(op, ip);
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.map((e) => [e.path?.[0], e.extensions])).toEqual([['a0', { code: 'InvalidCredentials' }]]);
      expect(header).toBeNull();
    }
    // Two operations, two attempts (not eight): the third reaches the threshold of 3.
    const third = await run(op, ip);
    expect(errorAt(third.body, 'a0')?.extensions).toEqual({ code: 'InvalidCredentials', retryAfter: 60 });
    expect(third.retryAfter).toBe('60');
    // Locked now: an operation of right passwords is refused at its first field.
    const locked = await run(aliasedLogins(user.email, [PASSWORD, PASSWORD]), ip);
    expect(locked.body.data ?? null).toBeNull();
    expect(errorAt(locked.body, 'a0')?.extensions).toMatchObject({
      code: 'InvalidCredentials',
      retryAfter: expect.any(Number),
    });
    expect((await basicLogin(t, user.email, PASSWORD, freshIp())).status).toBe(200);
  });

  it('every call counts against the per-IP limit: aliases, inline fragments and named fragments alike', async () => {
    const user = await signUpVerified(t);
    const ip = freshIp();
    const login = (alias: string) =>
      `${alias}: login(username: ${JSON.stringify(user.email)}, password: ${JSON.stringify(PASSWORD)}) { accessToken }`;
    const query = `
      mutation {
        ${login('a')}
        ... on Mutation { ${login('b')} }
        ...Third
        ${login('d')}
        ${login('e')}
        ${login('f')}
        ${login('g')}
      }
      fragment Third on Mutation { ${login('c')} }`;
    // RATE_LIMIT_LOGIN is 5 per hour here: a to e run, f is refused (and ends the mutation).
    const { body, retryAfter: header } = await run(query, ip);
    expect(body.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['f', 'TooManyRequests']]);
    expect(Number(header)).toBeGreaterThan(3000);
    const next = await basicLogin(t, user.email, PASSWORD, ip);
    expect(next.status).toBe(429);
  });
});

describe('Retry-After', () => {
  it('is absent from ordinary failures', async () => {
    const reply = await basicLogin(t, 'nobody-guess@example.com', WRONG_PASSWORD, freshIp());
    expect(reply.status).toBe(401);
    expect(retryAfter(reply)).toBeUndefined();
  });
});
