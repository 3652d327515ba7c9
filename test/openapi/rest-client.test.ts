import { describe, expect, it } from 'vitest';
import { basicAuth, createRestClient } from '../../client/rest/index.js';
import { lastMailValue, useTestApp } from '../support/app.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';

const t = useTestApp();

const BASE = 'http://localhost';
// openapi-fetch hands its Request to this fetch: the app answers in-process, as over a socket.
const appFetch = (request: Request) => t.app.fetch(request, { clientIp: '127.0.0.1' });
const client = (token?: string) => createRestClient(BASE, token, { fetch: appFetch });

describe('the typed REST client (client/rest)', () => {
  it('runs the Bloq flows: sign up, verify, login, me, client key and token, password change, events', async () => {
    const email = uniqueEmail('rest-client');
    const anonymous = client();

    const signedUp = await anonymous.POST('/users', {
      body: { email, password: PASSWORD, displayName: 'Typed Client', billingAddress: { country: 'US' } },
    });
    expect(signedUp.response.status).toBe(201);
    const userId = signedUp.data!.id;
    expect(signedUp.data!.email).toBe(email);

    const verified = await anonymous.PUT('/users/{userId}/token/{token}', {
      params: { path: { userId, token: lastMailValue(t.config, email, 'Verification token') } },
    });
    expect(verified.response.status).toBe(204);

    const login = await anonymous.POST('/auth', { headers: { authorization: basicAuth(email, PASSWORD) } });
    expect(login.error).toBeUndefined();
    const api = client(login.data!.accessToken);

    const me = await api.GET('/users/me');
    expect(me.data).toMatchObject({ id: userId, email, displayName: 'Typed Client' });
    expect(me.data!.verifiedAt).not.toBeNull();

    const key = await api.POST('/users/me/client-keys');
    expect(key.response.status).toBe(200);
    const pair = await anonymous.POST('/auth/token', {
      body: { grantType: 'clientCredentials', clientId: key.data!.clientId, clientSecret: key.data!.clientSecret },
    });
    expect(pair.data).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    const keys = await api.GET('/users/me/client-keys');
    expect(keys.data!.map((k) => k.id)).toContain(key.data!.clientId);

    const changed = await api.PUT('/users/me/password', {
      body: { oldPassword: PASSWORD, newPassword: 'N3w!passphrase' },
    });
    expect(changed.data!.accessToken).toEqual(expect.any(String));
    const relogin = await anonymous.POST('/auth', { headers: { authorization: basicAuth(email, 'N3w!passphrase') } });
    expect(relogin.response.status).toBe(200);

    const events = await api.GET('/users/me/events', { params: { query: { limit: '50' } } });
    expect(events.response.status).toBe(200);
    expect(Array.isArray(events.data)).toBe(true);

    // Errors arrive typed as the `{code, message}` body.
    const refused = await anonymous.POST('/auth', { headers: { authorization: basicAuth(email, PASSWORD) } });
    expect(refused.error?.code).toBe('InvalidCredentials');

    // The compiler refuses paths and bodies the document does not have (tsc runs over test/):
    // never called, only type-checked.
    const _misspelled = async () => {
      // @ts-expect-error: there is no /users/mee
      await api.GET('/users/mee');
      // @ts-expect-error: the field is newPassword, not newPasword
      await api.PUT('/users/me/password', { body: { oldPassword: PASSWORD, newPasword: 'x' } });
    };
  });
});
