import { describe, expect, it } from 'vitest';
import { mailsTo, useTestApp } from '../support/app.js';
import { gql, login, PASSWORD, rest, signUpVerified } from '../support/http.js';
import { requestResetCode } from '../support/two-factor.js';
import { apiKeySession, expectAlive, expectDead } from './sessions.support.js';

/**
 * Threat (issue 9): an intruder with any account token of the victim reads the API key from
 * GET /api/user, makes an API-key session, a client key, client tokens and a refresh token.
 * The victim resets the password by mail. Afterwards every one of those must fail, and the
 * intruder must not be able to set a password with what is left.
 */
const t = useTestApp();

const NEW_PASSWORD = 'Res3t!passphrase';

interface Foothold {
  accountToken: string;
  apiKey: string;
  keyToken: string;
  clientId: string;
  clientSecret: string;
  clientToken: string;
  refreshToken: string;
}

/** Everything the intruder can make from one stolen account token. */
async function takeFoothold(stolen: string): Promise<Foothold> {
  const { apiKey, token: keyToken } = await apiKeySession(t, stolen);
  const key = await rest(t.app, 'POST', '/users/me/client-keys', { token: stolen });
  expect(key.status).toBe(200);
  const grant = await rest(t.app, 'POST', '/auth/token', {
    body: { grantType: 'clientCredentials', clientId: key.body.clientId, clientSecret: key.body.clientSecret },
  });
  expect(grant.status).toBe(200);
  return {
    accountToken: stolen,
    apiKey,
    keyToken,
    clientId: key.body.clientId,
    clientSecret: key.body.clientSecret,
    clientToken: grant.body.accessToken,
    refreshToken: grant.body.refreshToken,
  };
}

async function resetByMail(email: string, extra: Record<string, unknown> = {}): Promise<void> {
  const code = await requestResetCode(t, email);
  const reply = await rest(t.app, 'PUT', '/api/user/resetPassword', {
    body: { code, password: NEW_PASSWORD, ...extra },
  });
  expect(reply.status).toBe(204);
}

/** A fresh key of the owner's, to ask whether the intruder's client token is still active. */
async function introspect(ownerToken: string, token: string): Promise<boolean> {
  const key = await rest(t.app, 'POST', '/users/me/client-keys', { token: ownerToken });
  const reply = await rest(t.app, 'POST', '/auth/introspect', {
    basic: { username: key.body.clientId, password: key.body.clientSecret },
    body: { token },
  });
  expect(reply.status).toBe(200);
  return reply.body.active as boolean;
}

describe('a password reset evicts an intruder', () => {
  it('old API key, account tokens, client keys, refresh tokens and client grants all fail', async () => {
    const owner = await signUpVerified(t);
    const intruder = await takeFoothold(await login(t, owner.email, PASSWORD));
    expect(await introspect(owner.token, intruder.clientToken)).toBe(true);

    await resetByMail(owner.email);

    const byOldKey = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: intruder.apiKey } });
    expect([byOldKey.status, byOldKey.body.code]).toEqual([401, 'InvalidApiKey']);
    await expectDead(t, intruder.accountToken, 'intruder account token');
    await expectDead(t, intruder.keyToken, 'intruder API-key token');
    await expectDead(t, owner.token, "owner's own earlier token");

    // The API-key token cannot set a password without the old one any more.
    const takeover = await rest(t.app, 'PUT', '/api/user/password', {
      token: intruder.keyToken,
      body: { password: 'Int3uder!wins' },
    });
    expect([takeover.status, takeover.body.code]).toEqual([401, 'InvalidToken']);

    const grant = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: intruder.clientId, clientSecret: intruder.clientSecret },
    });
    expect([grant.status, grant.body.code]).toEqual([401, 'InvalidClient']);
    const refresh = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken: intruder.refreshToken },
    });
    expect([refresh.status, refresh.body.code]).toEqual([401, 'InvalidGrant']);

    // The owner is back in, with a new API key, and the intruder's client token is inactive.
    const fresh = await login(t, owner.email, NEW_PASSWORD);
    await expectAlive(t, fresh, 'owner after reset');
    const account = await rest(t.app, 'GET', '/api/user', { token: fresh });
    expect(account.body.apiKey).not.toBe(intruder.apiKey);
    expect(await introspect(fresh, intruder.clientToken)).toBe(false);
    expect((await rest(t.app, 'GET', '/users/me/client-keys', { token: fresh })).body).not.toContainEqual(
      expect.objectContaining({ id: intruder.clientId }),
    );
  });

  it('the confirmation mail lists the deleted client keys so the owner can make new ones', async () => {
    const owner = await signUpVerified(t);
    const intruder = await takeFoothold(owner.token);
    await resetByMail(owner.email);
    const mail = mailsTo(t.config, owner.email).at(-1)!;
    expect(mail).toContain('Subject: Your password was reset');
    expect(mail).toContain(`Deleted client key: ${intruder.clientId}`);
    expect(mail).not.toContain(intruder.clientSecret);
  });

  it('GraphQL resetPassword keeps the client keys only when asked, and still ends every session and refresh token', async () => {
    const owner = await signUpVerified(t);
    const intruder = await takeFoothold(owner.token);
    const code = await requestResetCode(t, owner.email);
    const reply = await gql(
      t.app,
      'mutation ($c: String!, $p: String!) { resetPassword(code: $c, password: $p, keepClientKeys: true) }',
      { c: code, p: NEW_PASSWORD },
    );
    expect(reply.body.data?.resetPassword).toBe(true);
    await expectDead(t, intruder.accountToken);
    await expectDead(t, intruder.keyToken);
    const refresh = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'refreshToken', refreshToken: intruder.refreshToken },
    });
    expect(refresh.status).toBe(401);
    const grant = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: intruder.clientId, clientSecret: intruder.clientSecret },
    });
    expect(grant.status).toBe(200);
  });
});
