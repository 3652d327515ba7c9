import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { useTestApp } from '../support/app.js';
import { rest, signUpVerified } from '../support/http.js';

// One allow-list (CORS_ORIGINS) for REST, /graphql and the OAuth endpoints: listed origins get
// preflights and readable answers, every other origin nothing, and nothing is allowed by default.

const LISTED = 'https://app.example.com';
const ALSO = 'http://localhost:5173';
const PATHS = ['/graphql', '/users/me', '/users/me/events', '/auth/token', '/oauth2/token', '/api/user', '/nowhere'];

function preflight(app: typeof t.app, path: string, origin: string) {
  return app.fetch(
    new Request(`http://localhost${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    }),
  );
}

const t = useTestApp({ CORS_ORIGINS: `${LISTED}, ${ALSO}` });

describe('CORS_ORIGINS lists the origins', () => {
  it('a listed origin gets a 204 preflight on every path, REST and GraphQL alike', async () => {
    for (const origin of [LISTED, ALSO]) {
      for (const path of PATHS) {
        const response = await preflight(t.app, path, origin);
        expect(response.status, path).toBe(204);
        expect(response.headers.get('access-control-allow-origin'), path).toBe(origin);
        expect(response.headers.get('access-control-allow-methods'), path).toContain('POST');
        expect(response.headers.get('access-control-allow-headers'), path).toBe('authorization, content-type');
        expect(response.headers.get('access-control-allow-credentials'), path).toBeNull();
        expect(response.headers.get('vary'), path).toMatch(/\bOrigin\b/);
      }
    }
  });

  it('an unlisted origin gets no Access-Control-Allow-Origin, on preflights or answers', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null', `${LISTED}/`]) {
      for (const path of PATHS) {
        const response = await preflight(t.app, path, origin);
        expect(response.status, path).toBe(204);
        expect(response.headers.get('access-control-allow-origin'), `${origin} ${path}`).toBeNull();
        expect(response.headers.get('access-control-allow-methods'), path).toBeNull();
      }
      const answer = await rest(t.app, 'GET', '/', { headers: { origin } });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('vary')).toMatch(/\bOrigin\b/);
    }
  });

  it('actual answers to a listed origin carry the origin and the readable headers', async () => {
    const { token } = await signUpVerified(t);
    const restAnswer = await rest(t.app, 'GET', '/users/me', { token, headers: { origin: LISTED } });
    expect(restAnswer.status).toBe(200);
    expect(restAnswer.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(restAnswer.headers.get('access-control-expose-headers')).toContain('X-Next-Cursor');
    expect(restAnswer.headers.get('vary')).toMatch(/\bOrigin\b/);

    const graphql = await rest(t.app, 'POST', '/graphql', {
      token,
      headers: { origin: LISTED },
      body: { query: '{ me { id } }' },
    });
    expect(graphql.status).toBe(200);
    expect(graphql.headers.get('access-control-allow-origin')).toBe(LISTED);

    const refused = await rest(t.app, 'GET', '/users/me', { headers: { origin: LISTED } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(LISTED);
  });

  it('an OPTIONS that is not a preflight is routed as before', async () => {
    const response = await t.app.fetch(new Request('http://localhost/users/me', { method: 'OPTIONS' }));
    expect(response.status).toBe(405);
  });

  it('a bad CORS_ORIGINS stops start-up with a config line', () => {
    for (const value of ['app.example.com', 'https://app.example.com/', 'https://a.example/path', 'ftp://a.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: value }), value).toThrow(/CORS_ORIGINS: must be comma-separated origins/);
    }
  });
});

describe('CORS_ORIGINS unset', () => {
  const bare = useTestApp();
  it('allows no origin anywhere, /graphql included', async () => {
    for (const path of PATHS) {
      const response = await preflight(bare.app, path, LISTED);
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const answer = await rest(bare.app, 'POST', '/graphql', {
      headers: { origin: LISTED },
      body: { query: '{ __typename }' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
