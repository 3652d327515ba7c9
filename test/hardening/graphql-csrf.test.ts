import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/graphql/limits/index.js';
import { useTestApp } from '../support/app.js';
import { rest, signUp, uniqueEmail, PASSWORD } from '../support/http.js';

const t = useTestApp();

const signUpMutation = (email: string) =>
  `mutation { signUp(input: { email: "${email}", password: "${PASSWORD}" }) { id } }`;

async function userCount() {
  return t.db.prisma.user.count();
}

/** What a page on another origin can send without a CORS preflight: no custom header, simple types. */
const SIMPLE_REQUESTS: { name: string; init: (email: string) => RequestInit }[] = [
  {
    name: 'POST text/plain',
    init: (email) => ({
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: signUpMutation(email) }),
    }),
  },
  {
    name: 'POST form-urlencoded',
    init: (email) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: signUpMutation(email) }).toString(),
    }),
  },
  {
    name: 'POST multipart',
    init: (email) => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: signUpMutation(email) }));
      form.set('map', '{}');
      return { method: 'POST', body: form };
    },
  },
  {
    name: 'POST without a content type',
    init: (email) => ({ method: 'POST', body: JSON.stringify({ query: signUpMutation(email) }) }),
  },
];

describe('cross-site requests a browser sends without preflight are refused at /graphql', () => {
  for (const { name, init } of SIMPLE_REQUESTS) {
    it(`${name}: 403 with a code, and nothing is written`, async () => {
      const before = await userCount();
      const response = await t.app.fetch(new Request('http://localhost/graphql', init(uniqueEmail('csrf'))));
      expect(response.status).toBe(403);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(await userCount()).toBe(before);
    });
  }

  it('GET without the CSRF header is refused; with it, a query runs', async () => {
    const url = `http://localhost/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const bare = await t.app.fetch(new Request(url));
    expect(bare.status).toBe(403);
    const withHeader = await t.app.fetch(new Request(url, { headers: { [CSRF_HEADER]: '1' } }));
    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('a mutation over GET is refused even with the header', async () => {
    const before = await userCount();
    const url = `http://localhost/graphql?query=${encodeURIComponent(signUpMutation(uniqueEmail('get')))}`;
    const response = await t.app.fetch(new Request(url, { headers: { [CSRF_HEADER]: '1' } }));
    expect(response.status).toBe(405);
    expect(await userCount()).toBe(before);
  });
});

describe('CORS', () => {
  // Which origins may call is CORS_ORIGINS' business (test/http/cors.test.ts); none by default.
  it('allows no origin by default, and never ambient credentials', async () => {
    const preflight = await t.app.fetch(
      new Request('http://localhost/graphql', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('legitimate clients are unaffected', () => {
  it('a JSON POST (what GraphiQL and client libraries send) runs without the header', async () => {
    const email = uniqueEmail('json');
    const reply = await rest(t.app, 'POST', '/graphql', { body: { query: signUpMutation(email) } });
    expect(reply.status).toBe(200);
    expect(reply.body.data.signUp.id).toMatch(/^user-/);
  });

  it('GraphiQL still loads in a browser', async () => {
    const reply = await rest(t.app, 'GET', '/graphql', { headers: { accept: 'text/html' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.text.toLowerCase()).toContain('graphiql');
  });

  it('the REST shim, which runs GraphQL in-process, still works', async () => {
    const user = await signUp(t);
    expect(user.id).toMatch(/^user-/);
  });
});
