import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { introspect, keyHolder, refresh, type Holder } from '../client-keys/support.js';
import { oauth } from './support.js';

// Threat: a refresh token the client revoked (RFC 7009) still mints tokens, directly or through
// a successor it had already minted; or one key revokes another key's tokens.

const t = useTestApp();
let holder: Holder;
let other: Holder;

beforeAll(async () => {
  holder = await keyHolder(t);
  other = await keyHolder(t);
});

async function grant(key = holder.key) {
  const reply = await oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials' }, { basic: key });
  expect(reply.status, reply.text).toBe(200);
  return reply.body as { access_token: string; refresh_token: string };
}

function refreshOAuth(token: string, key = holder.key) {
  return oauth(t.app, '/oauth2/token', { grant_type: 'refresh_token', refresh_token: token }, { post: key });
}

describe('revoking a refresh token', () => {
  it('kills it on both paths, and so its family: the successor it minted dies too', async () => {
    const first = await grant();
    const rotated = await refreshOAuth(first.refresh_token);
    expect(rotated.status, rotated.text).toBe(200);
    const successor = rotated.body.refresh_token as string;

    // Revoking the retired first token revokes the family, successor included.
    const revoked = await oauth(
      t.app,
      '/oauth2/revoke',
      { token: first.refresh_token, token_type_hint: 'refresh_token' },
      { basic: holder.key },
    );
    expect([revoked.status, revoked.text]).toEqual([200, '']);
    expect(revoked.headers.get('cache-control')).toBe('no-store');

    for (const token of [first.refresh_token, successor]) {
      const viaOAuth = await refreshOAuth(token);
      expect([viaOAuth.status, viaOAuth.body.error]).toEqual([400, 'invalid_grant']);
      const viaBloq = await refresh(t, token);
      expect([viaBloq.status, viaBloq.body.code]).toEqual([401, 'InvalidGrant']);
    }
  });

  it("another key's refresh token is left alone, with the same 200", async () => {
    const theirs = await grant(other.key);
    const reply = await oauth(t.app, '/oauth2/revoke', { token: theirs.refresh_token }, { basic: holder.key });
    expect(reply.status).toBe(200);
    expect((await refreshOAuth(theirs.refresh_token, other.key)).status).toBe(200);
  });

  it('a refresh token can only be refreshed by its own key', async () => {
    const mine = await grant();
    const reply = await refreshOAuth(mine.refresh_token, other.key);
    expect([reply.status, reply.body.error]).toEqual([400, 'invalid_grant']);
  });

  it('revoking an access token or garbage answers 200 and changes nothing (documented)', async () => {
    const tokens = await grant();
    for (const token of [tokens.access_token, 'garbage', 'a.b.c']) {
      const reply = await oauth(t.app, '/oauth2/revoke', { token }, { post: holder.key });
      expect(reply.status, token).toBe(200);
    }
    // The access token lives to its expiry; its family's refresh token still works.
    expect((await introspect(t, holder.key, tokens.access_token)).body.active).toBe(true);
    expect((await refreshOAuth(tokens.refresh_token)).status).toBe(200);
  });
});
