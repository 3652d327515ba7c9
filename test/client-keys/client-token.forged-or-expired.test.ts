import { createHmac } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/shared/ids.js';
import { createTestApp, useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';
import { claimsOf, headerOf, introspect, keyHolder, refresh, tokensFor, type Holder } from './support.js';

// Threat: a client token that the service did not issue (forged, tampered, signed with a key
// of the attacker's choosing or with no key at all) or that has expired is taken as valid, by
// introspection, by the refresh grant, or by a service verifying offline against our JWKS.

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const t = useTestApp();
let holder: Holder;
let caller: Holder['key'];
let genuine: { accessToken: string; refreshToken: string };

beforeAll(async () => {
  holder = await keyHolder(t);
  caller = (await keyHolder(t)).key;
  genuine = await tokensFor(t, holder.key);
});

async function offline(token: string) {
  const jwks = (await rest(t.app, 'GET', '/.well-known/jwks.json')).body;
  return jwtVerify(token, createLocalJWKSet(jwks), {
    issuer: t.config.PUBLIC_URL,
    audience: 'cloud-accounts:client',
    typ: 'at+jwt',
    algorithms: ['EdDSA'],
  });
}

async function forgeries(): Promise<Record<string, string>> {
  const [header, payload] = genuine.accessToken.split('.');
  const realHeader = headerOf(genuine.accessToken);
  const claims = claimsOf(genuine.accessToken);
  const signature = genuine.accessToken.split('.')[2];
  const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwks = (await rest(t.app, 'GET', '/.well-known/jwks.json')).body;
  const sign = (h: Record<string, unknown>, key = attacker.privateKey) =>
    new SignJWT({ ...claims }).setProtectedHeader(h as never).sign(key);
  const hmacBody = `${b64({ ...realHeader, alg: 'HS256' })}.${payload}`;
  return {
    'signed by another key under our kid': await sign(realHeader),
    'signed by another key under an unknown kid': await sign({ ...realHeader, kid: 'attacker' }),
    'with the signing key embedded in the header': await sign({
      ...realHeader,
      jwk: await exportJWK(attacker.publicKey),
    }),
    'alg none': `${b64({ alg: 'none', typ: realHeader.typ })}.${payload}.`,
    'HS256 keyed with our public key': `${hmacBody}.${createHmac('sha256', JSON.stringify(jwks.keys[0])).update(hmacBody).digest('base64url')}`,
    'payload tampered (someone else)': `${header}.${b64({ ...claims, sub: caller.clientId })}.${signature}`,
    'payload tampered (longer life)': `${header}.${b64({ ...claims, exp: claims.exp + 86400 })}.${signature}`,
    'signature stripped': `${header}.${payload}.`,
    'not a JWS at all': 'hello',
  };
}

describe('a forged client token', () => {
  it('is inactive at introspection and fails offline verification against the JWKS', async () => {
    expect((await introspect(t, caller, genuine.accessToken)).body.active).toBe(true);
    await expect(offline(genuine.accessToken)).resolves.toBeDefined();

    for (const [name, token] of Object.entries(await forgeries())) {
      expect((await introspect(t, caller, token)).body, name).toEqual({ active: false });
      await expect(offline(token), name).rejects.toThrow();
    }
  });

  it('from another deployment (another issuer and key) is inactive here', async () => {
    const elsewhere = await createTestApp({ PUBLIC_URL: 'https://accounts.elsewhere.example' });
    try {
      // Naming a real user and key of ours: only the issuer and the signing key are foreign.
      const { token: accessToken } = await elsewhere.app.services.tokens.sign('client', holder.user.id, 3600, {
        cid: holder.key.clientId,
      });
      expect((await introspect(t, caller, accessToken)).body).toEqual({ active: false });
      await expect(offline(accessToken)).rejects.toThrow();
    } finally {
      await elsewhere.close();
    }
  });
});

describe('a forged refresh token', () => {
  it('is refused (401 InvalidGrant) and mints nothing', async () => {
    const [header, payload, signature] = genuine.refreshToken.split('.');
    const claims = claimsOf(genuine.refreshToken);
    const before = await t.db.prisma.refreshToken.count();
    for (const token of [
      `${header}.${b64({ ...claims, exp: claims.exp + 1 })}.${signature}`,
      `${b64({ alg: 'none', typ: 'refresh+jwt' })}.${payload}.`,
      `${header}.${payload}.${signature!.slice(0, -4)}AAAA`,
    ]) {
      const reply = await refresh(t, token);
      expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);
    }
    expect(await t.db.prisma.refreshToken.count()).toBe(before);
    expect((await refresh(t, genuine.refreshToken)).status).toBe(200);
  });
});

describe('an expired token', () => {
  it('client access token: inactive, and refused offline', async () => {
    // Signed by the service itself, so expiry is the only thing wrong with it.
    const expired = await t.app.services.tokens.sign('client', holder.user.id, -5, { cid: holder.key.clientId });
    expect((await introspect(t, caller, expired.token)).body).toEqual({ active: false });
    await expect(offline(expired.token)).rejects.toThrow(/exp/);
  });

  it('refresh token past its exp claim: 401 InvalidGrant', async () => {
    const fam = crypto.randomUUID();
    const expired = await t.app.services.tokens.sign('refresh', holder.user.id, -5, {
      cid: holder.key.clientId,
      fam,
    });
    await t.db.prisma.refreshToken.create({
      data: {
        id: expired.jti,
        tokenHash: sha256(expired.token),
        clientKeyId: holder.key.clientId,
        userId: holder.user.id,
        familyId: fam,
        expiresAt: expired.expiresAt,
      },
    });
    const reply = await refresh(t, expired.token);
    expect([reply.status, reply.body.code]).toEqual([401, 'InvalidGrant']);
    expect(reply.body.message).toMatch(/expired/);
  });

  it('refresh token whose row has expired is refused even if the JWT has not', async () => {
    const { refreshToken } = await tokensFor(t, holder.key);
    await t.db.prisma.refreshToken.update({
      where: { id: claimsOf(refreshToken).jti },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await refresh(t, refreshToken)).status).toBe(401);
  });
});
