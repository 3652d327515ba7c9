import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import { startService, stopServices } from '../support/service-process.js';

// A production install, exactly as docs/production.md tells operators to do it, in a temporary
// copy of the repository: `npm ci`, `npm run build`, `npm prune --omit=dev`, then `npm start`.
// The service must answer, sign a user up and stop on SIGTERM with no dev dependency installed
// (a runtime import of tsx, prisma or vitest would fail here, not in production).
//
// Slow (an install from the npm cache) and independent of the database under test, so it runs
// in the pglite project only; the postgres project skips it.

const run = promisify(execFile);
const repo = join(dirname(new URL(import.meta.url).pathname), '../..');
const copy = mkdtempSync(join(tmpdir(), 'accounts-install-'));
// Removing a full node_modules takes minutes on a busy machine.
afterAll(async () => {
  await stopServices();
  rmSync(copy, { recursive: true, force: true, maxRetries: 3 });
}, 600_000);

const npm = (args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: copy,
    env: { ...process.env, NODE_ENV: '' },
    maxBuffer: 64 * 1024 * 1024,
  });

describe.skipIf(process.env.TEST_DB === 'postgres')('production install', { timeout: 900_000 }, () => {
  it('npm ci, build, prune --omit=dev, npm start: serves, signs up, stops on SIGTERM', async () => {
    // The files git knows (tracked, and new ones not ignored): what a clone would hold.
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: repo,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((file) => file && existsSync(join(repo, file)));
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(repo, file), join(copy, file));
    }

    const install = await npm(['ci']);
    expect(install.stderr).not.toContain('EBADENGINE');
    await npm(['run', 'build']);
    await npm(['prune', '--omit=dev']);
    // prisma and typescript stay: @prisma/client names them as optional peers, which npm keeps.
    // Neither is imported at run time (the bundle's imports are checked by running it below).
    for (const dev of ['tsx', 'vitest', 'esbuild', '@graphql-codegen/cli', 'eslint', 'fast-check']) {
      expect(existsSync(join(copy, 'node_modules', dev)), `${dev} is still installed`).toBe(false);
    }

    const service = await startService({ DATABASE_URL: '' }, undefined, ['npm', '--prefix', copy, 'start', '--silent']);
    expect((await service.call('GET', '/healthz')).status).toBe(200);
    const signUp = await service.call('POST', '/users', {
      body: { email: uniqueEmail('production'), password: PASSWORD, displayName: 'Production Install' },
    });
    expect(signUp.status).toBe(201);
    expect(service.output()).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)|older than the sources/);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});
