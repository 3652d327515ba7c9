import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { apiKeySession, expectAlive, expectDead } from './sessions.support.js';

/**
 * Threat: an API key read by someone else, rotated by the owner, while the tokens made from the
 * old key keep working. Rotating ends every session made from a key; password sessions stay.
 */
const t = useTestApp();

describe('rotating the API key', () => {
  it('ends every session made from the old key and no other', async () => {
    const user = await signUpVerified(t);
    const other = await login(t, user.email, PASSWORD);
    const first = await apiKeySession(t, user.token);
    const second = await apiKeySession(t, other);

    const rotated = await gql(t.app, 'mutation { rotateApiKey { apiKey } }', {}, { token: user.token });
    const fresh = rotated.body.data.rotateApiKey.apiKey as string;
    expect(fresh).not.toBe(first.apiKey);

    await expectDead(t, first.token, 'API-key session 1');
    await expectDead(t, second.token, 'API-key session 2');
    await expectAlive(t, user.token, 'caller (password session)');
    await expectAlive(t, other, 'other password session');

    const stale = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: first.apiKey } });
    expect([stale.status, stale.body.code]).toEqual([401, 'InvalidApiKey']);
    const viaNew = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: fresh } });
    expect(viaNew.status).toBe(200);
    await expectAlive(t, viaNew.body.accessToken, 'session from the new key');
  });
});
