import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { documentedEndpoints } from '../../src/openapi/document.js';
import type { EndpointDoc } from '../../src/openapi/endpoint.js';
import { errorBody } from '../../src/rest/schemas.js';
import { oauthErrorBody } from '../../src/modules/oauth/oauth.openapi.js';
import { useTestApp } from '../support/app.js';
import { requestParts, rest, signUpVerified, type Reply, type RestOptions } from '../support/http.js';

const t = useTestApp();

/** A fresh account with a client key, a client token pair and its API key: the credentials examples stand in for. */
async function freshCaller() {
  const user = await signUpVerified(t);
  const key = (await rest(t.app, 'POST', '/users/me/client-keys', { token: user.token })).body;
  const pair = (
    await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: key.clientId, clientSecret: key.clientSecret },
    })
  ).body;
  const { apiKey } = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
  const stand: Record<string, string> = {
    'client-id': key.clientId,
    'client-secret': key.clientSecret,
    'client-key-id': key.clientId,
    'an-access-token': pair.accessToken,
    'a-refresh-token': pair.refreshToken,
    'your-api-key': apiKey,
  };
  return { user, key, stand };
}

const substitute = (value: unknown, stand: Record<string, string>): unknown => {
  if (typeof value === 'string') return stand[value] ?? value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, stand)]));
  }
  return value;
};

async function runExample(endpoint: EndpointDoc) {
  const { user, key, stand } = await freshCaller();
  const example = substitute(endpoint.example, stand) as EndpointDoc['example'];
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(example.params![name]!));
  const search = example.query ? `?${new URLSearchParams(example.query).toString()}` : '';
  const headers: Record<string, string> = {};
  const [auth] = endpoint.auth;
  let basic: { username: string; password: string } | undefined;
  if (auth === 'userBasic') basic = { username: user.email, password: user.password };
  if (auth === 'clientBasic' && endpoint.tag !== 'OAuth 2.0') {
    basic = { username: key.clientId, password: key.clientSecret };
  }
  let body: unknown = example.body;
  if (endpoint.body?.mediaType === 'application/x-www-form-urlencoded') {
    headers['content-type'] = endpoint.body.mediaType;
    body = new URLSearchParams(example.body as Record<string, string>).toString();
  }
  const options = { token: auth === 'bearer' ? user.token : undefined, basic, headers, body };
  if (endpoint.method === 'GET' && body !== undefined) return getWithBody(`${path}${search}`, options);
  return rest(t.app, endpoint.method, `${path}${search}`, options);
}

/** GreenCloud's GET with a JSON body, as src/http/server.ts hands it to the app (fetch Requests cannot carry one). */
async function getWithBody(path: string, options: RestOptions): Promise<Reply> {
  const { headers, body } = requestParts(options);
  const request = new Request(`http://localhost${path}`, { method: 'POST', headers, body });
  const response = await t.app.fetch(request, { clientIp: '127.0.0.1', originalMethod: 'GET' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

const REFS: Record<string, z.ZodType> = { Error: errorBody, OAuthError: oauthErrorBody };

describe("each documented operation's example request", () => {
  it('answers a documented status with a body its schema accepts', { timeout: 240_000 }, async () => {
    const answered: string[] = [];
    for (const endpoint of documentedEndpoints()) {
      const label = `${endpoint.method} ${endpoint.path}`;
      const reply = await runExample(endpoint);
      const documented = endpoint.responses[reply.status];
      expect(documented, `${label} answered ${reply.status}: ${reply.text}`).toBeDefined();
      const schema = documented!.ref ? REFS[documented!.ref] : documented!.schema;
      if (schema) {
        const checked = schema.safeParse(reply.body);
        expect(checked.success, `${label} ${reply.status}: ${JSON.stringify(checked.error?.issues)}`).toBe(true);
      } else {
        expect(reply.text, label).toBe('');
      }
      for (const header of Object.keys(documented!.headers ?? {})) {
        if (header === 'Cache-Control') expect(reply.headers.get(header), label).toBe('no-store');
      }
      answered.push(`${label} ${reply.status}`);
    }
    // The examples are real calls, not just well-formed ones: these all succeed.
    expect(answered).toEqual(
      expect.arrayContaining([
        'POST /users 201',
        'GET /users/me 200',
        'GET /users/me/export 200',
        'DELETE /users/me 204',
        'POST /auth 200',
        'DELETE /auth 204',
        'GET /users/me/events 200',
        'POST /users/me/client-keys 200',
        'GET /users/me/client-keys 200',
        'DELETE /users/me/client-keys/{id} 204',
        'POST /auth/token 200',
        'POST /auth/introspect 200',
        'GET /api/user 200',
        'POST /api/auth/apiKey 200',
        'POST /api/auth/2FA 200',
        'PUT /users/me/password 200',
        'PUT /api/user/password 204',
        'POST /api/user/resetPassword 204',
        'POST /oauth2/token 200',
        'POST /oauth2/introspect 200',
        'POST /oauth2/revoke 200',
        'GET /.well-known/oauth-authorization-server 200',
        'GET /.well-known/jwks.json 200',
        'GET /healthz 200',
      ]),
    );
  });
});
