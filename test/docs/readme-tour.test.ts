import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { startService, stopServices } from '../support/service-process.js';

// The README's five-minute tour promises to survive copy-paste: run its shell block, as written,
// against the real service, so a change to any path, mail or rule it touches breaks this test
// rather than the first reader.

afterAll(() => stopServices());

function tourScript(): string {
  const readme = readFileSync('README.md', 'utf8');
  const match = /^## A five-minute tour$[\s\S]*?^```sh\n([\s\S]*?)^```$/m.exec(readme);
  if (!match) throw new Error('README.md has no "A five-minute tour" section with a sh block');
  return match[1]!;
}

describe('README tour', { timeout: 180_000 }, () => {
  it('runs by copy-paste: sign up, verify, log in, profile, client token, reset, new login', async () => {
    const databaseUrl = onPostgres ? await freshPostgresUrl() : '';
    const service = await startService({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
    const { stdout, stderr } = await promisify(execFile)('sh', ['-c', tourScript()], {
      env: {
        PATH: process.env.PATH,
        API: `http://127.0.0.1:${service.port}`,
        MAIL_DIR: join(service.dataDir, 'mail'),
      },
      timeout: 120_000,
    });
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    const json = (line: string | undefined) => JSON.parse(line ?? 'null') as Record<string, unknown>;
    expect(lines).toHaveLength(8);
    expect(json(lines[0])).toMatchObject({ verifiedAt: null, displayName: 'Ann Example' });
    expect(lines[1]).toBe('204');
    expect(json(lines[2]).verifiedAt).toEqual(expect.any(String));
    expect(Object.keys(json(lines[3])).sort()).toEqual(['accessToken', 'refreshToken']);
    expect(lines.slice(4, 7)).toEqual(['204', '204', '401']);
    expect(json(lines[7]).accessToken).toEqual(expect.any(String));
  });
});
