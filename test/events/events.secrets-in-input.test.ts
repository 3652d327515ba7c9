import { describe, expect, it } from 'vitest';
import { redactedPath } from '../../src/shared/redacted-path.js';
import { lastMailValue, useTestApp } from '../support/app.js';
import { gql, rest, signUp, uniqueEmail } from '../support/http.js';
import { allEventsText, storedEvents } from './helpers.js';

// Threat: passwords, client secrets, refresh tokens (or any credential) ending up in the stored
// audit trail. Every call below is recorded as an event of the account; afterwards the whole
// events table, serialized, must not contain a single one of those strings.

const t = useTestApp();

describe('no secret reaches a stored event', () => {
  it('logins, token grants, refreshes, password changes and verification tokens', async () => {
    const secrets: string[] = [];
    const keep = <T extends string>(value: T): T => {
      secrets.push(value);
      return value;
    };
    const password = keep(`Sec${Date.now()}!pw`);
    const user = await signUp(t, uniqueEmail('secrets'), password);

    // The verification token travels in the path: PUT /users/{id}/token/{token}.
    const verificationToken = keep(lastMailValue(t.config, user.email, 'Verification token'));
    const wrongVerification = keep('11111111-2222-4333-8444-555555555555');
    expect((await rest(t.app, 'PUT', `/users/${user.id}/token/${wrongVerification}`)).status).toBe(400);
    expect(
      (await rest(t.app, 'PUT', `/users/${encodeURIComponent(user.email)}/token/${verificationToken}`)).status,
    ).toBe(204);

    // Basic login (right and wrong password) and the GraphQL login mutation.
    const login = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password } });
    expect(login.status).toBe(200);
    const accessToken = keep(login.body.accessToken as string);
    const wrongPassword = keep('Wr0ng!password-xyz');
    expect(
      (await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: wrongPassword } })).status,
    ).toBe(401);
    const gqlLogin = await gql(
      t.app,
      'mutation SignIn($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
      {
        u: user.id,
        p: password,
      },
    );
    keep(gqlLogin.body.data.login.accessToken);

    // Client key, client-credentials grant, refresh grant (right and replayed).
    const key = await rest(t.app, 'POST', '/users/me/client-keys', { token: accessToken });
    expect(key.status).toBe(200);
    const clientSecret = keep(key.body.clientSecret as string);
    const grant = await rest(t.app, 'POST', '/auth/token', {
      body: { grantType: 'clientCredentials', clientId: key.body.clientId, clientSecret },
    });
    expect(grant.status).toBe(200);
    keep(grant.body.accessToken);
    const refreshToken = keep(grant.body.refreshToken as string);
    const wrongSecret = keep('f'.repeat(80));
    expect(
      (
        await rest(t.app, 'POST', '/auth/token', {
          body: { grantType: 'clientCredentials', clientId: key.body.clientId, clientSecret: wrongSecret },
        })
      ).status,
    ).toBe(401);
    const refreshed = await rest(t.app, 'POST', '/auth/token', { body: { grantType: 'refreshToken', refreshToken } });
    expect(refreshed.status).toBe(200);
    keep(refreshed.body.refreshToken);
    keep(refreshed.body.accessToken);

    // Password change through REST and the GreenCloud API key login.
    const newPassword = keep(`N3w!${Date.now()}pw`);
    const changed = await rest(t.app, 'PUT', '/users/me/password', {
      token: accessToken,
      body: { oldPassword: password, newPassword },
    });
    expect(changed.status).toBe(200);
    const fresh = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: newPassword } });
    const apiKey = keep(
      (await rest(t.app, 'GET', '/api/user', { token: fresh.body.accessToken })).body.apiKey as string,
    );
    keep(fresh.body.accessToken);
    expect((await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey } })).status).toBe(200);

    const events = await storedEvents(t, user.id);
    // Every call above was recorded (so the search below searched something).
    expect(events.length).toBeGreaterThanOrEqual(13);
    const paths = events.map((e) => (e.input as { path: string }).path);
    expect(paths).toContain(`/users/${user.id}/token/:token`);
    expect(paths).toContain(`/users/${encodeURIComponent(user.email)}/token/:token`);
    for (const event of events) {
      expect(event.input).toHaveProperty('method');
      expect(event.input).toHaveProperty('path');
      for (const field of Object.keys(event.input as object)) {
        expect(['method', 'path', 'operationName', 'operationNames', 'clientKeyId']).toContain(field);
      }
    }

    const stored = await allEventsText(t);
    for (const secret of secrets) expect(stored, 'a secret is stored in an event').not.toContain(secret);
    // Not even a fragment of a token: the JWS signature parts are long and unique.
    for (const secret of secrets.filter((s) => s.split('.').length === 3)) {
      for (const part of secret.split('.').slice(1)) expect(stored).not.toContain(part);
    }
  });

  it('a credential-looking segment on a path no route knows is not kept either', () => {
    const jws = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(redactedPath(`/users/me/${jws}`)).toBe('/users/me/:redacted');
    expect(redactedPath(`/x/${'ab'.repeat(20)}`)).toBe('/x/:redacted');
    expect(
      redactedPath('/users/user-3f0c8c1e-8d3b-4c59-9a53-0f5d9b8f4f21/token/abc', '/users/:userId/token/:token'),
    ).toBe('/users/user-3f0c8c1e-8d3b-4c59-9a53-0f5d9b8f4f21/token/:token');
  });
});
