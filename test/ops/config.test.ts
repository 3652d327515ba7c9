import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

// A bad setting stops start-up with one clear line per bad value, naming the variable and never
// repeating the value (a mistyped URL often carries a password).

const SECRET = 'Hunter2-TopSecret';
const BAD = {
  PORT: 'abc',
  DATABASE_URL: `mysql://root:${SECRET}@db.internal/accounts`,
  LOG_LEVEL: 'loud',
  SMTP_URL: `http://mailer:${SECRET}@smtp.internal`,
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('loadConfig', () => {
  it('accepts an empty environment with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      SERVICE_NAME: 'cloud-accounts',
      LOG_LEVEL: 'info',
      ARGON2_MEMORY_KIB: 19456,
      ARGON2_TIME_COST: 2,
      ARGON2_PARALLELISM: 1,
      PUBLIC_URL: 'http://localhost:4000',
      REQUEST_BODY_LIMIT_BYTES: 1024 * 1024,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
    // Wrong verification tokens no longer count against the live one: the cap is gone.
    expect(config).not.toHaveProperty('VERIFICATION_MAX_ATTEMPTS');
  });

  it('gives one line per bad value, each naming its variable', () => {
    const error = configError(BAD);
    expect(error.lines).toHaveLength(4);
    for (const name of Object.keys(BAD)) {
      expect(
        error.lines.filter((line) => line.startsWith(`${name}: `)),
        name,
      ).toHaveLength(1);
    }
    expect(error.message.split('\n').slice(1)).toEqual(error.lines);
  });

  it('never repeats a value in its message', () => {
    const error = configError(BAD);
    for (const value of Object.values(BAD)) expect(error.message).not.toContain(value);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('loud');
  });

  it('names each bad setting alone, too', () => {
    for (const [name, value] of Object.entries({
      ...BAD,
      PORT: '70000',
      PUBLIC_URL: 'not a url',
      ARGON2_MEMORY_KIB: '8',
      NODE_ENV: 'staging',
      EVENTS_ENABLED: 'maybe',
      TRUST_PROXY: 'loopback, not-an-address',
    })) {
      const error = configError({ [name]: value });
      expect(error.lines, name).toHaveLength(1);
      expect(error.lines[0], name).toMatch(new RegExp(`^${name}: \\S`));
    }
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', SMTP_URL: '' }).PORT).toBe(4000);
  });
});

describe('start-up with a bad setting', () => {
  it('src/main.ts exits non-zero with one line per bad value on stderr, before opening anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accounts-config-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, ...BAD, DATA_DIR: dataDir, NODE_ENV: 'test' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      for (const name of Object.keys(BAD)) {
        expect(stderr).toMatch(new RegExp(`^cloud-accounts: invalid setting ${name}: `, 'm'));
      }
      expect(stderr.trim().split('\n')).toHaveLength(Object.keys(BAD).length);
      expect(stderr + stdout).not.toContain(SECRET);
      expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
