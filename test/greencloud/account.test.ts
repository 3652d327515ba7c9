import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUp, signUpVerified } from '../support/http.js';

const t = useTestApp();

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('GET /api/user', () => {
  it("answers GreenCloud's shape, key for key and in the document's order", async () => {
    const user = await signUpVerified(t);
    const reply = await rest(t.app, 'GET', '/api/user', { token: user.token });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['id', 'email', 'name', 'surname', 'address', 'twofa', 'apiKey', 'bundle']);
    expect(Object.keys(reply.body.address)).toEqual(['company', 'street', 'district', 'city', 'postCode', 'country']);
    expect(Object.keys(reply.body.bundle)).toEqual(['name', 'quota']);
    expect(reply.body).toEqual({
      id: user.id,
      email: user.email,
      name: 'Test',
      surname: 'User',
      address: { company: '', street: '1 Main St', district: '', city: '', postCode: '12345', country: 'US' },
      twofa: false,
      apiKey: expect.stringMatching(UUID_V4),
      bundle: { name: 'Starter', quota: 1000 },
    });
  });

  it('is the same account as Bloq GET /users/me', async () => {
    const user = await signUpVerified(t);
    const green = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
    const bloq = (await rest(t.app, 'GET', '/users/me', { token: user.token })).body;
    expect(green.id).toBe(bloq.id);
    expect(green.email).toBe(bloq.email);
    expect(green.address.street).toBe(bloq.billingAddress.address);
    expect(green.address.postCode).toBe(bloq.billingAddress.zipCode);
    expect(green.address.country).toBe(bloq.billingAddress.country);
  });

  it('401 without a token', async () => {
    const reply = await rest(t.app, 'GET', '/api/user');
    expect([reply.status, reply.body.code]).toEqual([401, 'Unauthenticated']);
  });
});

describe('GraphQL updateProfile', () => {
  const UPDATE = `mutation ($input: ProfileInput!) {
    updateProfile(input: $input) { displayName name surname address { company street district city state postCode country } }
  }`;

  it('edits names and address; both REST shapes show the change', async () => {
    const user = await signUpVerified(t);
    const reply = await gql(
      t.app,
      UPDATE,
      {
        input: {
          name: 'Richard',
          surname: 'Hill',
          address: { company: 'Green cloud', district: 'North district', city: 'York', postCode: 'YO31 8SB' },
        },
      },
      { token: user.token },
    );
    expect(reply.body.data.updateProfile).toEqual({
      // displayName followed the names, as it was still derived from them.
      displayName: 'Richard Hill',
      name: 'Richard',
      surname: 'Hill',
      address: {
        company: 'Green cloud',
        street: '1 Main St',
        district: 'North district',
        city: 'York',
        state: 'CA',
        postCode: 'YO31 8SB',
        country: 'US',
      },
    });
    const green = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
    expect(green).toMatchObject({ name: 'Richard', surname: 'Hill', address: { city: 'York', postCode: 'YO31 8SB' } });
    const bloq = (await rest(t.app, 'GET', '/users/me', { token: user.token })).body;
    expect(bloq.displayName).toBe('Richard Hill');
    expect(bloq.billingAddress.zipCode).toBe('YO31 8SB');
  });

  it('a displayName of its own is kept when names change later, and vice versa', async () => {
    const user = await signUpVerified(t);
    await gql(t.app, UPDATE, { input: { displayName: 'Ann Marie Example' } }, { token: user.token });
    let me = (await gql(t.app, UPDATE, { input: {} }, { token: user.token })).body.data.updateProfile;
    expect(me).toMatchObject({ displayName: 'Ann Marie Example', name: 'Ann', surname: 'Marie Example' });
    await gql(
      t.app,
      UPDATE,
      { input: { displayName: 'The Ann Company', name: 'Ann', surname: 'Example' } },
      { token: user.token },
    );
    me = (await gql(t.app, UPDATE, { input: { surname: 'Other' } }, { token: user.token })).body.data.updateProfile;
    expect(me).toMatchObject({ displayName: 'The Ann Company', name: 'Ann', surname: 'Other' });
  });

  it('refuses control characters, over-long fields and an empty displayName with InvalidInput', async () => {
    const user = await signUpVerified(t);
    for (const input of [
      { name: 'bad\nname' },
      { surname: 'x'.repeat(101) },
      { displayName: '   ' },
      { address: { street: 'y'.repeat(201) } },
    ]) {
      const reply = await gql(t.app, UPDATE, { input }, { token: user.token });
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('InvalidInput');
    }
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.displayName).toBe('Test User');
  });

  it('needs an account token', async () => {
    const reply = await gql(t.app, UPDATE, { input: { name: 'X' } });
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('Unauthenticated');
  });
});

describe('the GreenCloud API key', () => {
  it('POST /api/auth/apiKey {key} answers {accessToken}, an account token', async () => {
    const user = await signUpVerified(t);
    const { apiKey } = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
    const reply = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey } });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['accessToken']);
    const me = await rest(t.app, 'GET', '/api/user', { token: reply.body.accessToken });
    expect(me.body.id).toBe(user.id);
    const upper = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: apiKey.toUpperCase() } });
    expect(upper.status).toBe(200);
  });

  it('a wrong, malformed or missing key: 401 InvalidApiKey / 400 InvalidInput', async () => {
    for (const key of ['92c85d5c-daea-447d-9eac-1d6d64d8b340', 'not-a-key', '']) {
      const reply = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key } });
      expect([reply.status, reply.body.code]).toEqual([401, 'InvalidApiKey']);
    }
    const missing = await rest(t.app, 'POST', '/api/auth/apiKey', { body: {} });
    expect([missing.status, missing.body.code]).toEqual([400, 'InvalidInput']);
  });

  it('an unverified account cannot use its key (403 UserNotVerified)', async () => {
    const user = await signUp(t);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const reply = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: row.apiKey } });
    expect([reply.status, reply.body.code]).toEqual([403, 'UserNotVerified']);
  });

  it('rotateApiKey gives a new UUID v4; the old key stops working at once', async () => {
    const user = await signUpVerified(t);
    const old = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body.apiKey;
    const rotated = await gql(t.app, 'mutation { rotateApiKey { apiKey } }', {}, { token: user.token });
    const fresh = rotated.body.data.rotateApiKey.apiKey;
    expect(fresh).toMatch(UUID_V4);
    expect(fresh).not.toBe(old);
    expect((await rest(t.app, 'GET', '/api/user', { token: user.token })).body.apiKey).toBe(fresh);
    const stale = await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: old } });
    expect([stale.status, stale.body.code]).toEqual([401, 'InvalidApiKey']);
    expect((await rest(t.app, 'POST', '/api/auth/apiKey', { body: { key: fresh } })).status).toBe(200);
  });

  it('GraphQL loginWithApiKey answers a token and its expiry', async () => {
    const user = await signUpVerified(t);
    const { apiKey } = (await rest(t.app, 'GET', '/api/user', { token: user.token })).body;
    const reply = await gql(t.app, 'mutation ($k: String!) { loginWithApiKey(key: $k) { accessToken expiresAt } }', {
      k: apiKey,
    });
    expect(reply.body.data.loginWithApiKey.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
