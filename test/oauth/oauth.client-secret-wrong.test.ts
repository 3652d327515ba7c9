import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { keyHolder, tokensFor, type Holder } from '../client-keys/support.js';
import { oauth } from './support.js';

// Threat: a caller without the right client secret (wrong, another key's, unknown key, none)
// gets tokens, introspects or revokes. Each is 401 invalid_client with a Basic challenge, the
// same answer whatever was wrong, and nothing is issued or revoked.

const t = useTestApp();
let holder: Holder;
let other: Holder;

beforeAll(async () => {
  holder = await keyHolder(t);
  other = await keyHolder(t);
});

const wrongs = () => ({
  'wrong secret': { clientId: holder.key.clientId, clientSecret: 'a'.repeat(80) },
  "another key's secret": { clientId: holder.key.clientId, clientSecret: other.key.clientSecret },
  'unknown key': { clientId: 'b'.repeat(40), clientSecret: holder.key.clientSecret },
  'garbage id': { clientId: 'not a key id', clientSecret: 'x' },
});

describe('wrong client credentials', () => {
  it('every endpoint answers 401 invalid_client with WWW-Authenticate, by Basic and by post', async () => {
    const { refreshToken } = await tokensFor(t, holder.key);
    const calls: [string, Record<string, string>][] = [
      ['/oauth2/token', { grant_type: 'client_credentials' }],
      ['/oauth2/token', { grant_type: 'refresh_token', refresh_token: refreshToken }],
      ['/oauth2/introspect', { token: refreshToken }],
      ['/oauth2/revoke', { token: refreshToken }],
    ];
    for (const [name, key] of Object.entries(wrongs())) {
      for (const how of ['basic', 'post'] as const) {
        for (const [path, params] of calls) {
          const reply = await oauth(t.app, path, params, { [how]: key });
          const what = `${name} by ${how} on ${path}`;
          expect(reply.status, what).toBe(401);
          expect(reply.body, what).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
          expect(reply.headers.get('www-authenticate'), what).toMatch(/^Basic realm="cloud-accounts"/);
          expect(reply.headers.get('cache-control'), what).toBe('no-store');
          expect(reply.text, what).not.toContain(holder.key.clientSecret);
        }
      }
    }
    // The refresh token was neither rotated nor revoked by any of it.
    const rows = await t.db.prisma.refreshToken.findMany({ where: { clientKeyId: holder.key.clientId } });
    expect(rows.map((row) => [row.rotatedAt, row.revokedAt])).toEqual([[null, null]]);
  });

  it('no client authentication at all is invalid_client too', async () => {
    for (const [path, params] of [
      ['/oauth2/token', { grant_type: 'client_credentials' }],
      ['/oauth2/introspect', { token: 'x' }],
      ['/oauth2/revoke', { token: 'x' }],
      ['/oauth2/token', { grant_type: 'client_credentials', client_id: holder.key.clientId }],
    ] as const) {
      const reply = await oauth(t.app, path, params);
      expect([reply.status, reply.body.error], path).toEqual([401, 'invalid_client']);
    }
  });

  it('a malformed Basic header is invalid_client, not a 500', async () => {
    for (const authorization of [
      'Basic',
      'Basic !!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      'Basic JSUl',
      `Basic ${Buffer.from('%zz:x').toString('base64')}`,
    ]) {
      const reply = await oauth(
        t.app,
        '/oauth2/token',
        { grant_type: 'client_credentials' },
        { headers: { authorization } },
      );
      expect([reply.status, reply.body.error], authorization).toEqual([401, 'invalid_client']);
    }
  });
});
