import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { SigningKeyStore } from '../../src/modules/auth/signing-keys.js';
import { createTestApp, type TestApp, useTestApp } from '../support/app.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { withMigratedPglite } from '../support/service-process.js';
import { login, rest } from '../support/http.js';
import { headerOf, introspect, keyHolder, refresh, tokensFor, type Holder } from './support.js';

// Threat: a retired signing key (rotated out, perhaps because it leaked) keeps being accepted
// forever. Rotation must not break live tokens: the retired key verifies through its grace (the
// longest token lifetime) and JWKS lists it meanwhile; past the grace it is refused and unlisted.

const run = promisify(execFile);

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function jwksKids(t: TestApp): Promise<string[]> {
  return (await rest(t.app, 'GET', '/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid);
}

describe('signing key rotation', () => {
  // This instance re-reads the key set every second; the second one practically never, so
  // what it learns about the rotation it learns from tokens carrying an unknown kid.
  const t = useTestApp({ SIGNING_KEYS_RELOAD_SECONDS: '1' });
  let lazy: TestApp;
  let holder: Holder;
  let grace: number;
  beforeAll(async () => {
    lazy = await createTestApp({ SIGNING_KEYS_RELOAD_SECONDS: '3600' }, { db: t.db, url: t.url });
    holder = await keyHolder(t);
    grace = 365 * 24 * 3600 + 2;
  });
  afterAll(async () => {
    await lazy.close();
  });

  it('new tokens use the new key, old ones verify through the grace, and JWKS lists both', async () => {
    const old = await tokensFor(t, holder.key);
    const oldKid = headerOf(old.accessToken).kid as string;
    const { kid: newKid, retired } = await SigningKeyStore.rotate(t.db.prisma, grace);
    expect(retired).toEqual([oldKid]);

    // Picked up by the periodic reload, without a restart.
    const fresh = await until(async () => {
      const pair = await tokensFor(t, holder.key);
      return headerOf(pair.accessToken).kid === newKid ? pair : undefined;
    }, 'the new signing key');
    expect(await jwksKids(t)).toEqual([newKid, oldKid]);

    // The other instance has not reloaded, yet verifies new-key tokens (unknown kid → reload).
    expect((await introspect(lazy, holder.key, fresh.accessToken)).body.active).toBe(true);

    // Tokens signed before the rotation keep working everywhere.
    expect((await introspect(t, holder.key, old.accessToken)).body.active).toBe(true);
    expect((await rest(t.app, 'GET', '/users/me', { token: holder.user.token })).status).toBe(200);
    const jwks = createLocalJWKSet((await rest(t.app, 'GET', '/.well-known/jwks.json')).body);
    await expect(jwtVerify(old.accessToken, jwks)).resolves.toBeDefined();
    await expect(jwtVerify(fresh.accessToken, jwks)).resolves.toBeDefined();
    expect((await refresh(t, old.refreshToken)).status).toBe(200);
  });

  it('past its grace a retired key is refused and leaves the JWKS; a further rotation deletes it', async () => {
    const old = await tokensFor(t, holder.key);
    const account = await login(t, holder.user.email, holder.user.password);
    const oldKid = headerOf(old.accessToken).kid as string;
    expect(headerOf(account).kid).toBe(oldKid);
    const { kid: newKid } = await SigningKeyStore.rotate(t.db.prisma, grace);
    // Within the grace: accepted.
    expect((await introspect(t, holder.key, old.accessToken)).body.active).toBe(true);

    // Move the retirement back past the grace of both instances (whose reload settings differ);
    // nothing else changes about the tokens.
    await t.db.prisma.signingKey.update({
      where: { kid: oldKid },
      data: { retiredAt: new Date(Date.now() - (grace + 2 * 3600) * 1000) },
    });
    await until(async () => ((await jwksKids(t)).includes(oldKid) ? undefined : true), 'the JWKS to drop the key');
    await lazy.app.services.keys.reload();

    for (const instance of [t, lazy]) {
      expect((await introspect(instance, holder.key, old.accessToken)).body).toEqual({ active: false });
      const me = await rest(instance.app, 'GET', '/users/me', { token: account });
      expect([me.status, me.body.code]).toEqual([401, 'InvalidToken']);
      const refreshed = await refresh(instance, old.refreshToken);
      expect([refreshed.status, refreshed.body.code]).toEqual([401, 'InvalidGrant']);
      expect(await jwksKids(instance)).not.toContain(oldKid);
    }
    const jwks = createLocalJWKSet((await rest(t.app, 'GET', '/.well-known/jwks.json')).body);
    await expect(jwtVerify(old.accessToken, jwks)).rejects.toThrow();

    const again = await SigningKeyStore.rotate(t.db.prisma, grace);
    expect(again.pruned).toEqual([oldKid]);
    expect(again.retired).toEqual([newKid]);
    expect(await t.db.prisma.signingKey.count({ where: { kid: oldKid } })).toBe(0);
    expect(await t.db.prisma.signingKey.count({ where: { retiredAt: null } })).toBe(1);
  });
});

describe('npm run keys:rotate', () => {
  it('rotates the key of the configured database', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accounts-rotate-'));
    const url = onPostgres ? await freshPostgresUrl() : undefined;
    try {
      if (!url) await withMigratedPglite(dataDir);
      let db = await openDatabase({ url, dataDir });
      await migrate(db);
      const store = new SigningKeyStore(db.prisma);
      await store.init();
      const [first] = store.privateKeys();
      await db.close();

      const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url ?? '', SIGNING_KEY: '' };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/rotate-signing-key.ts'], { env });
      const report = JSON.parse(stdout.trim());
      expect(report.retired).toEqual([first!.kid]);
      expect(report.signingKid).not.toBe(first!.kid);

      db = await openDatabase({ url, dataDir });
      const rows = await db.prisma.signingKey.findMany({ orderBy: { createdAt: 'asc' } });
      await db.close();
      expect(rows.map((row) => [row.kid, row.retiredAt === null])).toEqual([
        [first!.kid, false],
        [report.signingKid, true],
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
