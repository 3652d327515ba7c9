import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = join(ROOT, 'web/account');
const CACHE = join(ROOT, 'node_modules/.cache/account-app');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * The /account app built from the current sources, for ACCOUNT_APP_DIR: tests run the service
 * from sources, so they build the app too. Keyed by a hash of the sources, so an unchanged app
 * is built once; built beside its final name and renamed, so parallel test files (and the two
 * database projects) never see half a build, whoever wins the rename.
 */
export async function builtAccountApp(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files(SOURCES).sort()) hash.update(file).update(readFileSync(file));
  const dir = join(CACHE, hash.digest('hex').slice(0, 16));
  if (existsSync(join(dir, 'index.html'))) return dir;
  const temp = `${dir}.${process.pid}.tmp`;
  const code = await new Promise<number | null>((done) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        join(SOURCES, 'vite.config.ts'),
        '--outDir',
        temp,
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('exit', done);
  });
  if (code !== 0 || !existsSync(join(temp, 'index.html')))
    throw new Error(`vite build of web/account failed (${code})`);
  try {
    renameSync(temp, dir);
  } catch {
    // Another worker finished first: its build is the same sources.
    rmSync(temp, { recursive: true, force: true });
  }
  return dir;
}
