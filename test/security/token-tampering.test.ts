import { createPublicKey } from 'node:crypto';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_KINDS } from '../../src/modules/auth/tokens.js';
import { useTestApp } from '../support/app.js';
import { gql, rest, signUpVerified, type SignedUp } from '../support/http.js';

// Every forged, altered or stale account token is refused, on REST and on GraphQL alike, with
// the code the contract gives: 401 InvalidToken for anything not ours or not intact, 403
// TokenExpired for an expired one, 403 Forbidden for a valid token of another kind.

const t = useTestApp();
let user: SignedUp & { token: string };
let ourKid: string;
let ourPublicJwk: JWK;
beforeAll(async () => {
  user = await signUpVerified(t);
  ourPublicJwk = (await rest(t.app, 'GET', '/.well-known/jwks.json')).body.keys[0];
  ourKid = ourPublicJwk.kid!;
});

const encode = (value: object) => base64url.encode(JSON.stringify(value));
const parts = (token: string) => token.split('.') as [string, string, string];
const decode = (part: string) => JSON.parse(new TextDecoder().decode(base64url.decode(part)));

/** A token signed with the service's own key, with any header and claims we like. */
async function mint(header: Record<string, unknown> = {}, claims: JWTPayload = {}): Promise<string> {
  const { kid, key } = t.app.services.keys.signingKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: t.config.PUBLIC_URL,
    aud: t.app.services.tokens.audience('account'),
    sub: user.id,
    jti: crypto.randomUUID(),
    iat: now,
    exp: now + 600,
    sid: decode(parts(user.token)[1]).sid,
    ...claims,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: TOKEN_KINDS.account.typ, ...header } as never)
    .sign(key);
}

interface Refusal {
  status: number;
  code: string;
}

/** Asserts the token is refused with the same status and code on GET /users/me and on GraphQL `me`. */
async function expectRefused(token: string, expected: Refusal, label: string) {
  const viaRest = await rest(t.app, 'GET', '/users/me', { headers: { authorization: `Bearer ${token}` } });
  expect({ status: viaRest.status, code: viaRest.body?.code }, `REST: ${label}`).toEqual(expected);
  expect(Object.keys(viaRest.body), `REST: ${label}`).toEqual(['code', 'message']);
  expect(viaRest.text, `REST: ${label}`).not.toContain(user.email);

  const viaGraphql = await gql(t.app, '{ me { id email } }', {}, { headers: { authorization: `Bearer ${token}` } });
  expect(viaGraphql.body.data ?? null, `GraphQL: ${label}`).toBeNull();
  expect(viaGraphql.body.errors?.[0]?.extensions?.code, `GraphQL: ${label}`).toBe(expected.code);
  expect(viaGraphql.text, `GraphQL: ${label}`).not.toContain(user.email);
}

const INVALID: Refusal = { status: 401, code: 'InvalidToken' };

describe('account token tampering', () => {
  it('accepts the untouched token (the baseline the other cases alter)', async () => {
    expect((await rest(t.app, 'GET', '/users/me', { token: user.token })).status).toBe(200);
    expect((await gql(t.app, '{ me { id } }', {}, { token: user.token })).body.data.me.id).toBe(user.id);
    expect((await rest(t.app, 'GET', '/users/me', { token: await mint() })).status).toBe(200);
  });

  it('refuses a token whose payload was altered', async () => {
    const other = await signUpVerified(t);
    const [header, payload, signature] = parts(user.token);
    const claims = decode(payload);
    await expectRefused(`${header}.${encode({ ...claims, sub: other.id })}.${signature}`, INVALID, 'another subject');
    await expectRefused(
      `${header}.${encode({ ...claims, exp: claims.exp + 3600 })}.${signature}`,
      INVALID,
      'later exp',
    );
    // One flipped character in the signature.
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    await expectRefused(`${header}.${payload}.${flipped}`, INVALID, 'altered signature');
    await expectRefused(`${header}.${payload}.`, INVALID, 'signature removed');
  });

  it('refuses alg "none" (unsigned) tokens', async () => {
    const [, payload] = parts(user.token);
    for (const alg of ['none', 'None', 'NONE']) {
      const header = encode({ alg, kid: ourKid, typ: TOKEN_KINDS.account.typ });
      await expectRefused(`${header}.${payload}.`, INVALID, `alg ${alg}`);
      await expectRefused(`${header}.${payload}`, INVALID, `alg ${alg}, two parts`);
    }
  });

  it('refuses a token signed by another Ed25519 key, even when it names our kid or embeds its own key', async () => {
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const attackerJwk = await exportJWK(attacker.publicKey);
    const claims = decode(parts(user.token)[1]);
    const forge = (header: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', typ: TOKEN_KINDS.account.typ, ...header } as never)
        .sign(attacker.privateKey);
    await expectRefused(await forge({ kid: ourKid }), INVALID, 'our kid, their key');
    await expectRefused(await forge({ kid: 'attacker' }), INVALID, 'their kid');
    await expectRefused(await forge({ kid: ourKid, jwk: attackerJwk }), INVALID, 'embedded jwk');
    await expectRefused(await forge({ kid: ourKid, jku: 'http://127.0.0.1:1/jwks.json' }), INVALID, 'jku');
  });

  it('refuses an HS256 token keyed with our public key (algorithm confusion)', async () => {
    const claims = decode(parts(user.token)[1]);
    const pem = createPublicKey({ key: ourPublicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const secrets = [
      new TextEncoder().encode(pem as string),
      base64url.decode(ourPublicJwk.x!),
      new TextEncoder().encode(JSON.stringify(ourPublicJwk)),
    ];
    for (const [i, secret] of secrets.entries()) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: ourKid, typ: TOKEN_KINDS.account.typ })
        .sign(secret);
      await expectRefused(token, INVALID, `HS256 secret #${i}`);
    }
  });

  it('answers 403 TokenExpired for an expired token that is otherwise fine', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(
      await mint({}, { iat: now - 7200, exp: now - 60 }),
      { status: 403, code: 'TokenExpired' },
      'expired',
    );
    const { token } = await t.app.services.tokens.sign('account', user.id, -5, {
      sid: decode(parts(user.token)[1]).sid,
    });
    await expectRefused(token, { status: 403, code: 'TokenExpired' }, 'expired, minted by the service');
  });

  it('refuses a token with the wrong issuer, audience or typ', async () => {
    await expectRefused(await mint({}, { iss: 'https://evil.example' }), INVALID, 'issuer');
    await expectRefused(await mint({}, { iss: undefined }), INVALID, 'no issuer');
    await expectRefused(await mint({}, { aud: 'someone-else:account' }), INVALID, 'audience');
    await expectRefused(await mint({}, { aud: undefined }), INVALID, 'no audience');
    await expectRefused(await mint({ typ: 'JWT' }), INVALID, 'typ JWT');
    await expectRefused(await mint({ typ: undefined }), INVALID, 'no typ');
  });

  it('refuses a token that misses a required claim or names no current user', async () => {
    await expectRefused(await mint({}, { sub: undefined }), INVALID, 'no sub');
    await expectRefused(await mint({}, { exp: undefined }), INVALID, 'no exp');
    await expectRefused(await mint({}, { jti: undefined }), INVALID, 'no jti');
    await expectRefused(await mint({}, { sub: 'user-00000000-0000-4000-8000-000000000000' }), INVALID, 'unknown sub');
    await expectRefused(
      await mint({}, { sid: 'session-00000000-0000-4000-8000-000000000000' }),
      INVALID,
      'unknown session',
    );
    await expectRefused(await mint({}, { sid: undefined }), INVALID, 'no session');
  });

  it('refuses a token with no kid or a kid we do not hold', async () => {
    await expectRefused(await mint({ kid: undefined }), INVALID, 'no kid');
    await expectRefused(await mint({ kid: 'not-one-of-ours' }), INVALID, 'unknown kid');
    await expectRefused(await mint({ kid: '../../etc/passwd' }), INVALID, 'path kid');
  });

  it('answers 403 Forbidden for a valid token of another kind', async () => {
    for (const kind of ['client', 'refresh'] as const) {
      const { token } = await t.app.services.tokens.sign(kind, user.id, 600, { cid: 'a'.repeat(40) });
      await expectRefused(token, { status: 403, code: 'Forbidden' }, kind);
    }
  });

  it('refuses garbage without a 500', async () => {
    const garbage = [
      'garbage',
      'a.b.c',
      '..',
      'eyJhbGciOiJFZERTQSJ9.e30.',
      `${parts(user.token)[0]}.!!!.${parts(user.token)[2]}`,
      `${encode({ alg: 'EdDSA' }).slice(0, -2)}.${parts(user.token)[1]}.${parts(user.token)[2]}`,
      `${base64url.encode('not json')}.${parts(user.token)[1]}.${parts(user.token)[2]}`,
      `${user.token}.extra`,
      'x'.repeat(5000),
      `${user.token}${'A'.repeat(5000)}`,
    ];
    for (const token of garbage) await expectRefused(token, INVALID, token.slice(0, 60));
    for (const authorization of ['Bearer', 'Bearer ', 'Basic abc', 'Token abc', 'Bearer a b']) {
      const reply = await rest(t.app, 'GET', '/users/me', { headers: { authorization } });
      expect(reply.status, authorization).toBe(401);
      expect(['Unauthenticated', 'InvalidToken'], authorization).toContain(reply.body.code);
    }
  });
});
