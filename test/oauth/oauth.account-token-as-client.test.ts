import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';
import { keyHolder, type Holder } from '../client-keys/support.js';
import { oauth } from './support.js';

// Threat: token kinds standing in for each other on the OAuth endpoints: an account token
// introspected as active or used as a refresh token, an access token used as a refresh token, an
// OAuth-issued client token managing the account.

const t = useTestApp();
let holder: Holder;
let tokens: { access_token: string; refresh_token: string };

beforeAll(async () => {
  holder = await keyHolder(t);
  const reply = await oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials' }, { basic: holder.key });
  tokens = reply.body;
});

describe('token kinds on the OAuth endpoints', () => {
  it('an account token or a refresh token introspects inactive; the client token active', async () => {
    for (const token of [holder.user.token, tokens.refresh_token]) {
      const reply = await oauth(t.app, '/oauth2/introspect', { token }, { basic: holder.key });
      expect([reply.status, reply.body]).toEqual([200, { active: false }]);
    }
    const active = await oauth(t.app, '/oauth2/introspect', { token: tokens.access_token }, { post: holder.key });
    expect(active.body.active).toBe(true);
  });

  it('an account or access token given as refresh_token is invalid_grant', async () => {
    for (const token of [holder.user.token, tokens.access_token]) {
      const reply = await oauth(
        t.app,
        '/oauth2/token',
        { grant_type: 'refresh_token', refresh_token: token },
        { basic: holder.key },
      );
      expect([reply.status, reply.body.error]).toEqual([400, 'invalid_grant']);
    }
  });

  it('an OAuth client token cannot manage client keys or read the profile', async () => {
    for (const [method, path] of [
      ['GET', '/users/me/client-keys'],
      ['POST', '/users/me/client-keys'],
      ['GET', '/users/me'],
    ] as const) {
      const reply = await rest(t.app, method, path, { token: tokens.access_token });
      expect([reply.status, reply.body.code], path).toEqual([403, 'Forbidden']);
    }
  });

  it('revoking an account token leaves it working (revocation is for client tokens)', async () => {
    const reply = await oauth(t.app, '/oauth2/revoke', { token: holder.user.token }, { basic: holder.key });
    expect(reply.status).toBe(200);
    expect((await rest(t.app, 'GET', '/users/me', { token: holder.user.token })).status).toBe(200);
  });
});
