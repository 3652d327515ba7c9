import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { clientCredentials, keyHolder, type Holder } from '../client-keys/support.js';
import { oauth } from './support.js';

// Threat: the OAuth endpoints as a way around the token rate limit (secret guessing, grant
// flooding). They run the same fields as POST /auth/token and count against the same per-IP limit.

const t = useTestApp({ RATE_LIMIT_TOKEN: '4/3600' });
let holder: Holder;

beforeAll(async () => {
  holder = await keyHolder(t);
});

describe('the token rate limit on the OAuth endpoints', () => {
  it('shares one budget with POST /auth/token; beyond it 429 with Retry-After and an OAuth body', async () => {
    const ip = '203.0.113.9';
    const grant = () =>
      oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials' }, { basic: holder.key, clientIp: ip });
    expect((await grant()).status).toBe(200);
    expect((await oauth(t.app, '/oauth2/revoke', { token: 'x' }, { basic: holder.key, clientIp: ip })).status).toBe(
      200,
    );
    expect((await grant()).status).toBe(200);
    const bloq = await t.app.fetch(
      new Request('http://localhost/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grantType: 'clientCredentials', ...holder.key }),
      }),
      { clientIp: ip },
    );
    expect(bloq.status).toBe(200);
    const refused = await grant();
    expect([refused.status, refused.body.error]).toEqual([429, 'temporarily_unavailable']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await clientCredentials(t, holder.key)).status).toBe(200);
  });
});
