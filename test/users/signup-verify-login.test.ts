import { describe, expect, it } from 'vitest';
import { lastMailValue, useTestApp } from '../support/app.js';
import { gql, PASSWORD, rest, signUp, signUpVerified, uniqueEmail } from '../support/http.js';

const t = useTestApp();

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Bloq sign-up, verification, login and profile', () => {
  it('signs up (201), mails a UUID v4 token, verifies (204), logs in and reads the profile', async () => {
    const email = uniqueEmail();
    const created = await rest(t.app, 'POST', '/users', {
      body: {
        email,
        displayName: 'Ann Example',
        password: PASSWORD,
        billingAddress: { address: '123 Abc Street', zipCode: '12345', state: 'CA', country: 'US' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^user-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.body.verifiedAt).toBeNull();
    expect(created.text).not.toContain(PASSWORD);

    const token = lastMailValue(t.config, email, 'Verification token');
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const unverifiedLogin = await rest(t.app, 'POST', '/auth', { basic: { username: email, password: PASSWORD } });
    expect(unverifiedLogin.status).toBe(403);
    expect(unverifiedLogin.body.code).toBe('UserNotVerified');

    const verified = await rest(t.app, 'PUT', `/users/${created.body.id}/token/${token}`);
    expect(verified.status).toBe(204);
    expect(verified.text).toBe('');

    const again = await rest(t.app, 'PUT', `/users/${created.body.id}/token/${token}`);
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect(again.body.code).toBe('UserVerified');

    const auth = await rest(t.app, 'POST', '/auth', { basic: { username: email, password: PASSWORD } });
    expect(auth.status).toBe(200);
    expect(Object.keys(auth.body)).toEqual(['accessToken']);
    expect(auth.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const me = await rest(t.app, 'GET', '/users/me', { token: auth.body.accessToken });
    expect(me.status).toBe(200);
    expect(Object.keys(me.body)).toEqual([
      'displayName',
      'entityType',
      'verifiedAt',
      'updatedAt',
      'billingAddress',
      'createdAt',
      'email',
      'id',
    ]);
    expect(me.body).toMatchObject({
      displayName: 'Ann Example',
      entityType: 'individual',
      billingAddress: { country: 'US', zipCode: '12345', address: '123 Abc Street', state: 'CA' },
      email,
      id: created.body.id,
    });
    expect(Object.keys(me.body.billingAddress)).toEqual(['country', 'zipCode', 'address', 'state']);
    for (const field of ['verifiedAt', 'updatedAt', 'createdAt']) expect(me.body[field]).toMatch(ISO);
  });

  it('verifies by email as well as by user id, and logs in by user id', async () => {
    const user = await signUp(t);
    const token = lastMailValue(t.config, user.email, 'Verification token');
    expect(
      (await rest(t.app, 'PUT', `/users/${encodeURIComponent(user.email.toUpperCase())}/token/${token}`)).status,
    ).toBe(204);
    const auth = await rest(t.app, 'POST', '/auth', { basic: { username: user.id, password: PASSWORD } });
    expect(auth.status).toBe(200);
  });

  it('answers 409 EmailTaken for an existing email, whatever its case', async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'POST', '/users', {
      body: { email: user.email.toUpperCase(), password: PASSWORD, displayName: 'X' },
    });
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ code: 'EmailTaken', message: expect.any(String) });
  });

  it('answers 404 for an unknown user and a coded 4xx for a wrong token', async () => {
    const unknown = await rest(
      t.app,
      'PUT',
      `/users/user-00000000-0000-4000-8000-000000000000/token/00000000-0000-4000-8000-000000000000`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('UserNotFound');
    const user = await signUp(t);
    const wrong = await rest(t.app, 'PUT', `/users/${user.id}/token/00000000-0000-4000-8000-000000000000`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('InvalidVerificationToken');
  });

  it('answers 401 InvalidCredentials for a wrong password and without credentials', async () => {
    const user = await signUpVerified(t);
    const wrong = await rest(t.app, 'POST', '/auth', { basic: { username: user.email, password: 'Wrong!pass1' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('InvalidCredentials');
    const none = await rest(t.app, 'POST', '/auth');
    expect(none.status).toBe(401);
    const noToken = await rest(t.app, 'GET', '/users/me');
    expect(noToken.status).toBe(401);
    expect(noToken.body.code).toBe('Unauthenticated');
  });
});

describe('the same flow over GraphQL', () => {
  it('signs up, verifies, logs in and reads me', async () => {
    const email = uniqueEmail('gql');
    const signUpReply = await gql(
      t.app,
      `mutation($input: SignUpInput!) { signUp(input: $input) { id email verifiedAt twofaEnabled bundle { name quota } } }`,
      {
        input: { email, password: PASSWORD, name: 'Grace', surname: 'Hopper' },
      },
    );
    expect(signUpReply.body.errors).toBeUndefined();
    const id = signUpReply.body.data.signUp.id;
    expect(signUpReply.body.data.signUp).toMatchObject({
      email,
      verifiedAt: null,
      twofaEnabled: false,
      bundle: { name: 'Starter', quota: 1000 },
    });

    const token = lastMailValue(t.config, email, 'Verification token');
    const verify = await gql(t.app, `mutation($u: String!, $t: String!) { verifyEmail(user: $u, token: $t) }`, {
      u: id,
      t: token,
    });
    expect(verify.body.data.verifyEmail).toBe(true);

    const loginReply = await gql(
      t.app,
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken expiresAt } }`,
      { u: email, p: PASSWORD },
    );
    const { accessToken, expiresAt } = loginReply.body.data.login;
    const hours = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);

    const me = await gql(
      t.app,
      `{ me { id email displayName name surname address { street } } }`,
      {},
      { token: accessToken },
    );
    expect(me.body.data.me).toMatchObject({ id, email, displayName: 'Grace Hopper', name: 'Grace', surname: 'Hopper' });
  });

  it('gives typed error codes', async () => {
    const reply = await gql(t.app, `{ me { id } }`);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('Unauthenticated');
    const bad = await gql(t.app, `mutation { login(username: "nobody@example.com", password: "x") { accessToken } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('InvalidCredentials');
  });
});
