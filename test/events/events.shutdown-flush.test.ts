import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import type { Config } from '../../src/config.js';
import { createTestApp, lastMailValue } from '../support/app.js';
import { freshDatabase, freshPostgresUrl, onPostgres } from '../support/db.js';
import { withMigratedPglite } from '../support/service-process.js';
import { rest, signUpVerified } from '../support/http.js';
import { freePort } from '../support/postgres-server.js';

// Events wait in memory for up to one batch window; shutdown must write them, not lose them.
const HOLD = { EVENTS_FLUSH_MS: '600000', EVENTS_BATCH_SIZE: '1000' };

describe('shutdown flushes queued events', () => {
  it('app.close() writes everything still queued', async () => {
    const { db } = await freshDatabase();
    try {
      const t = await createTestApp(HOLD, { db });
      const user = await signUpVerified(t);
      for (let i = 0; i < 5; i++) await rest(t.app, 'GET', '/users/me', { token: user.token });
      expect(t.app.services.events.stats().pending).toBe(7);
      expect(await db.prisma.event.count()).toBe(0);
      await t.close();
      expect(await db.prisma.event.count({ where: { userId: user.id } })).toBe(7);
    } finally {
      await db.close();
    }
  });

  it('SIGTERM to the real server process writes them before it exits', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accounts-sigterm-'));
    const url = onPostgres ? await freshPostgresUrl() : undefined;
    if (!url) await withMigratedPglite(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        ...HOLD,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: url ?? '',
        LOG_LEVEL: 'silent',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitUntilUp(`${base}/healthz`);
      const email = `sigterm-${port}@example.com`;
      const password = 'Sig!term-pass1';
      const signUp = await fetch(`${base}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, displayName: 'Sig Term' }),
      });
      expect(signUp.status).toBe(201);
      const { id } = (await signUp.json()) as { id: string };
      const token = verificationToken(dataDir, email);
      const verified = await fetch(`${base}/users/${id}/token/${token}`, { method: 'PUT' });
      expect(verified.status, await verified.text()).toBe(204);
      const basic = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
      const login = await fetch(`${base}/auth`, { method: 'POST', headers: { authorization: basic } });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const sizes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const me = await fetch(`${base}/users/me`, { headers: { authorization: `Bearer ${accessToken}` } });
        sizes.push(Buffer.byteLength(await me.text()));
      }

      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const db = await openDatabase({ url, dataDir });
      try {
        const events = await db.prisma.event.findMany({ where: { userId: id }, orderBy: { createdAt: 'asc' } });
        expect(events.map((e) => (e.input as { path: string }).path)).toEqual([
          `/users/${id}/token/:token`,
          '/auth',
          '/users/me',
          '/users/me',
          '/users/me',
        ]);
        // Over a real socket too, bytesOut is the size of the body the client received.
        expect(events.slice(2).map((e) => (e.output as { bytesOut: number }).bytesOut)).toEqual(sizes);
      } finally {
        await db.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitUntilUp(url: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function verificationToken(dataDir: string, email: string): string {
  // The outbox helpers read only DATA_DIR (and decode quoted-printable mail).
  return lastMailValue({ DATA_DIR: dataDir } as Config, email, 'Verification token');
}
