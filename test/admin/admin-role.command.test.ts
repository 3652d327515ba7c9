import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { withMigratedPglite } from '../support/service-process.js';

/*
 * The first administrator is made from the shell, never through the API: `npm run admin:grant`
 * and `admin:revoke` against the configured database.
 *
 * `npm run admin:grant` runs the esbuild bundle of scripts/admin-role.ts (dist/admin-role.js); this
 * test bundles the script the same way once, into its own folder beside dist/ (so packages resolve
 * from node_modules), and runs it with plain node: five tsx start-ups cost seconds each.
 */
const execute = promisify(execFile);
const repo = join(import.meta.dirname, '../..');
const bundleDir = join(repo, `.dist-admin-role-test-${process.pid}`);
const bundle = join(bundleDir, 'admin-role.js');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let url: string | undefined;

async function adminCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [bundle, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function isAdmin(emailKey: string): Promise<boolean | undefined> {
  const db = await openDatabase({ url, dataDir });
  try {
    return (await db.prisma.user.findUnique({ where: { emailKey } }))?.isAdmin;
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  await build({
    absWorkingDir: repo,
    entryPoints: ['scripts/admin-role.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    logLevel: 'warning',
  });
  dataDir = mkdtempSync(join(tmpdir(), 'accounts-admin-'));
  url = onPostgres ? await freshPostgresUrl() : undefined;
  env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url ?? '' };
  if (!url) await withMigratedPglite(dataDir);
  const db = await openDatabase({ url, dataDir });
  await migrate(db);
  await db.prisma.user.create({
    data: {
      id: 'u-admin-cli',
      email: 'Ops@Example.com',
      emailKey: 'ops@example.com',
      apiKey: 'k-admin-cli',
      passwordHash: 'x',
      displayName: 'Ops',
    },
  });
  await db.close();
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('npm run admin:grant / admin:revoke', () => {
  it(
    'grants and revokes the role by email, case-insensitively, and says when nothing changed',
    { timeout: 120_000 },
    async () => {
      const granted = await adminCommand('grant', 'OPS@example.com');
      expect(granted.code).toBe(0);
      expect(JSON.parse(granted.stdout)).toEqual({
        userId: 'u-admin-cli',
        email: 'Ops@Example.com',
        isAdmin: true,
        changed: true,
      });
      expect(await isAdmin('ops@example.com')).toBe(true);

      const again = await adminCommand('grant', 'ops@example.com');
      expect(JSON.parse(again.stdout).changed).toBe(false);

      const revoked = await adminCommand('revoke', 'ops@example.com');
      expect(JSON.parse(revoked.stdout)).toMatchObject({ isAdmin: false, changed: true });
      expect(await isAdmin('ops@example.com')).toBe(false);
    },
  );

  it('fails with one line for an unknown email or a bad usage', { timeout: 120_000 }, async () => {
    const unknown = await adminCommand('grant', 'nobody@example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('admin:grant: no account has the email "nobody@example.com"');

    const usage = await adminCommand('promote', 'ops@example.com');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^usage: npm run admin:grant/);
  });
});
