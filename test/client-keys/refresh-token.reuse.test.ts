import { describe, expect, it } from 'vitest';
import { type TestApp, useTestApp } from '../support/app.js';
import { SigningKeyStore } from '../../src/modules/auth/signing-keys.js';
import { claimsOf, headerOf, keyHolder, refresh, tokensFor } from './support.js';

// Threat: a stolen refresh token is used after the rightful client has rotated it (or the other
// way round). Reuse of a retired token must revoke the whole family, so whoever holds the newest
// member loses it too and the key owner has to authenticate again.

async function familyRows(t: TestApp, token: string) {
  return t.db.prisma.refreshToken.findMany({ where: { familyId: claimsOf(token).fam } });
}

describe('refresh token reuse (reuse interval 0, the default)', () => {
  const t = useTestApp();

  it('a retired token presented again is refused and revokes the whole family', async () => {
    const { key } = await keyHolder(t);
    const first = (await tokensFor(t, key)).refreshToken;
    const second = (await refresh(t, first)).body.refreshToken as string;
    const third = (await refresh(t, second)).body.refreshToken as string;

    const reused = await refresh(t, first);
    expect([reused.status, reused.body.code]).toEqual([401, 'InvalidGrant']);

    // The newest member, held by the rightful client (or the thief), is dead too.
    const newest = await refresh(t, third);
    expect([newest.status, newest.body.code]).toEqual([401, 'InvalidGrant']);
    const rows = await familyRows(t, first);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.revokedAt).not.toBeNull();
  });

  it('reusing a middle member revokes the family too', async () => {
    const { key } = await keyHolder(t);
    const first = (await tokensFor(t, key)).refreshToken;
    const second = (await refresh(t, first)).body.refreshToken as string;
    const third = (await refresh(t, second)).body.refreshToken as string;
    expect((await refresh(t, second)).status).toBe(401);
    expect((await refresh(t, third)).status).toBe(401);
  });

  it('leaves the key and its other families alone', async () => {
    const { key } = await keyHolder(t);
    const attacked = (await tokensFor(t, key)).refreshToken;
    const other = (await tokensFor(t, key)).refreshToken;
    await refresh(t, attacked);
    expect((await refresh(t, attacked)).status).toBe(401);

    expect((await refresh(t, other)).status).toBe(200);
    expect((await tokensFor(t, key)).accessToken).toBeTruthy();
  });
});

describe('refresh token reuse with a reuse interval', () => {
  const t = useTestApp({ REFRESH_REUSE_INTERVAL_SECONDS: '60' });

  it('within the interval the retired token gets the same successor back, and the family lives', async () => {
    const { key } = await keyHolder(t);
    const first = (await tokensFor(t, key)).refreshToken;
    const a = await refresh(t, first);
    const b = await refresh(t, first);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.refreshToken).toBe(a.body.refreshToken);
    expect(await familyRows(t, first)).toHaveLength(2);
    expect((await refresh(t, a.body.refreshToken)).status).toBe(200);
  });

  it('hands back the same successor even after the signing key rotated in between', async () => {
    const { key } = await keyHolder(t);
    const first = (await tokensFor(t, key)).refreshToken;
    const a = await refresh(t, first);
    await SigningKeyStore.rotate(t.db.prisma, 3600);
    await t.app.services.keys.reload();
    const b = await refresh(t, first);
    expect(b.status).toBe(200);
    expect(b.body.refreshToken).toBe(a.body.refreshToken);
    expect(headerOf(b.body.accessToken).kid).not.toBe(headerOf(a.body.refreshToken).kid);
  });

  it('after the interval, reuse revokes the family', async () => {
    const { key } = await keyHolder(t);
    const first = (await tokensFor(t, key)).refreshToken;
    const second = (await refresh(t, first)).body.refreshToken as string;
    await t.db.prisma.refreshToken.update({
      where: { id: claimsOf(first).jti },
      data: { rotatedAt: new Date(Date.now() - 61_000) },
    });
    expect((await refresh(t, first)).status).toBe(401);
    expect((await refresh(t, second)).status).toBe(401);
  });

  it('within the interval, a token whose successor already rotated on is reuse', async () => {
    const { key } = await keyHolder(t);
    const first = (await tokensFor(t, key)).refreshToken;
    const second = (await refresh(t, first)).body.refreshToken as string;
    const third = (await refresh(t, second)).body.refreshToken as string;
    expect((await refresh(t, first)).status).toBe(401);
    expect((await refresh(t, third)).status).toBe(401);
  });
});
