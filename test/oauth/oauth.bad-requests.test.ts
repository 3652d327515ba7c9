import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';
import { keyHolder, type Holder } from '../client-keys/support.js';
import { oauth } from './support.js';

// Threat: malformed OAuth requests crash the endpoint (500), leak internals, or get past the
// checks. Each gets an RFC 6749 error body; forms are accepted on these paths only.

const t = useTestApp({ REQUEST_BODY_LIMIT_BYTES: '2048' });
let holder: Holder;

beforeAll(async () => {
  holder = await keyHolder(t);
});

function expectOAuthError(reply: { status: number; body: any; text: string }, status: number, error: string) {
  expect([reply.status, reply.body?.error], reply.text).toEqual([status, error]);
  expect(Object.keys(reply.body)).toEqual(['error', 'error_description']);
}

describe('bad OAuth requests', () => {
  it('missing or unknown parameters', async () => {
    const basic = holder.key;
    expectOAuthError(await oauth(t.app, '/oauth2/token', {}, { basic }), 400, 'invalid_request');
    expectOAuthError(await oauth(t.app, '/oauth2/token', { grant_type: '' }, { basic }), 400, 'invalid_request');
    for (const grant_type of ['password', 'authorization_code', 'clientCredentials', 'refreshToken']) {
      expectOAuthError(await oauth(t.app, '/oauth2/token', { grant_type }, { basic }), 400, 'unsupported_grant_type');
    }
    expectOAuthError(
      await oauth(t.app, '/oauth2/token', { grant_type: 'refresh_token' }, { basic }),
      400,
      'invalid_request',
    );
    expectOAuthError(
      await oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials', scope: 'admin' }, { basic }),
      400,
      'invalid_scope',
    );
    expectOAuthError(await oauth(t.app, '/oauth2/introspect', {}, { basic }), 400, 'invalid_request');
    expectOAuthError(await oauth(t.app, '/oauth2/revoke', {}, { basic }), 400, 'invalid_request');
  });

  it('bodies that are not a form, repeated parameters, two client authentications', async () => {
    const basic = holder.key;
    const json = { headers: { 'content-type': 'application/json' }, raw: '{"grant_type":"client_credentials"}', basic };
    expectOAuthError(await oauth(t.app, '/oauth2/token', {}, json), 400, 'invalid_request');
    const none = await oauth(t.app, '/oauth2/token', {}, { headers: { 'content-type': '' }, basic });
    expectOAuthError(none, 400, 'invalid_request');
    const twice = { raw: 'grant_type=client_credentials&grant_type=refresh_token', basic };
    expectOAuthError(await oauth(t.app, '/oauth2/token', {}, twice), 400, 'invalid_request');
    const both = await oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials' }, { basic, post: basic });
    expectOAuthError(both, 400, 'invalid_request');
    const mismatch = await oauth(
      t.app,
      '/oauth2/token',
      { grant_type: 'client_credentials', client_id: 'c'.repeat(40) },
      { basic },
    );
    expectOAuthError(mismatch, 400, 'invalid_request');
  });

  it('invalid encodings, NUL bytes and oversized bodies', async () => {
    const basic = holder.key;
    expectOAuthError(
      await oauth(t.app, '/oauth2/token', {}, { raw: 'grant_type=%FF%FE', basic }),
      400,
      'unsupported_grant_type',
    );
    const nul = await oauth(t.app, '/oauth2/introspect', { token: 'a\u0000b' }, { basic });
    expect(nul.status).toBeLessThan(500);
    const huge = await oauth(t.app, '/oauth2/introspect', { token: 'x'.repeat(4096) }, { basic });
    expectOAuthError(huge, 413, 'invalid_request');
    const long = await oauth(t.app, '/oauth2/introspect', { token: 'x'.repeat(1500) }, { basic });
    expect([long.status, long.body]).toEqual([200, { active: false }]);
  });

  it('wrong methods are 405 with Allow; the metadata is GET only', async () => {
    const get = await oauth(t.app, '/oauth2/token', {}, { method: 'GET' });
    expect([get.status, get.headers.get('allow'), get.body.error]).toEqual([405, 'POST', 'invalid_request']);
    const put = await oauth(t.app, '/.well-known/oauth-authorization-server', {}, { method: 'PUT' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('JSON stays required on the Bloq paths: a form body on POST /auth/token is 415', async () => {
    const reply = await rest(t.app, 'POST', '/auth/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grantType=clientCredentials&clientId=${holder.key.clientId}&clientSecret=${holder.key.clientSecret}`,
    });
    expect([reply.status, reply.body.code]).toEqual([415, 'UnsupportedMediaType']);
  });
});
