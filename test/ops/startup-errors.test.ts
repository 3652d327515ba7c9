import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres, freshPostgresUrl } from '../support/db.js';
import { freePort } from '../support/postgres-server.js';
import { TSX_SERVICE, tempDataDir, stopServices } from '../support/service-process.js';

// A service that cannot start says why in ONE plain line and exits non-zero, instead of an
// unhandled 'error' event's stack trace (port in use) or a hang (database unreachable): the line
// is what an operator sees in `systemctl status` or a container's last log.

afterAll(() => stopServices());

const DATA_KEY = '5f1d3c9a7b2e4f6081a3c5e7092b4d6f8a1c3e5f7092b4d6f8a1c3e5f7092b4d';

/** `output` is stderr, where the reason goes; stdout may hold earlier info logs (migrations applied). */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const [command, ...args] = TSX_SERVICE;
  const child = spawn(command!, args, {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', DATA_DIR: tempDataDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(stdout).not.toMatch(/"level":[56]0|\n\s+at /); // no second, logged, copy of the failure
  return { code, output };
}

function expectOneLine(output: string, pattern: RegExp) {
  const lines = output.trim().split('\n');
  expect(lines, output).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(output).not.toMatch(/\n\s+at /);
}

describe('start-up errors', { timeout: 240_000 }, () => {
  // Only the first case runs on the database under test; the others fail the same way on either
  // (an unreachable server, or a setting refused before the database is used), so the postgres
  // project skips them rather than repeat three process start-ups.
  const databaseIndependent = it.skipIf(onPostgres);

  it('a port already in use: one line naming the port, exit 1', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const databaseUrl = onPostgres ? await freshPostgresUrl() : '';
      const { code, output } = await failedStart({
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        DATA_ENCRYPTION_KEY: DATA_KEY,
      });
      expect(code).toBe(1);
      expectOneLine(
        output,
        new RegExp(`^cloud-accounts: cannot start: port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      holder.close();
    }
  });

  databaseIndependent(
    'an unreachable database: one line naming where it was looked for, no password, exit 1',
    async () => {
      const port = await freePort(); // nothing listens there
      const { code, output } = await failedStart({
        PORT: String(await freePort()),
        DATABASE_URL: `postgres://accounts:Hunter2-Secret@127.0.0.1:${port}/accounts`,
        DATA_ENCRYPTION_KEY: DATA_KEY,
      });
      expect(code).toBe(1);
      expectOneLine(
        output,
        new RegExp(`^cloud-accounts: cannot start: PostgreSQL at 127\\.0\\.0\\.1:${port} is unreachable`),
      );
      expect(output).not.toContain('Hunter2-Secret');
    },
  );

  databaseIndependent('a bad setting: one line naming the variable, not its value, exit 2', async () => {
    const { code, output } = await failedStart({ PORT: 'eighty', DATABASE_URL: '' });
    expect(code).toBe(2);
    expectOneLine(output, /^cloud-accounts: invalid setting PORT: /);
    expect(output).not.toContain('eighty');
  });

  databaseIndependent(
    'a setting checked after start-up began (the data key) also ends in one line, exit 2',
    async () => {
      const { code, output } = await failedStart({ DATA_ENCRYPTION_KEY: 'too-short', DATABASE_URL: '' });
      expect(code).toBe(2);
      expectOneLine(output, /^cloud-accounts: invalid setting DATA_ENCRYPTION_KEY: /);
      expect(output).not.toContain('too-short');
    },
  );
});
