import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import libqp from 'libqp';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config, type Env } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { createLogger } from '../../src/shared/logger.js';
import { freshDatabase } from './db.js';

export interface TestApp {
  app: App;
  db: Database;
  config: Config;
  /** The database URL when running on PostgreSQL. */
  url?: string;
  close(): Promise<void>;
}

/** Cheap argon2 so the suite stays fast; production defaults stay OWASP's. */
export const TEST_ENV: Env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  ARGON2_MEMORY_KIB: '1024' as unknown as number,
  ARGON2_TIME_COST: '1' as unknown as number,
  // Limits stay on (every test exercises the counters) but far above what any test sends from
  // 127.0.0.1; test/hardening sets tight ones per app.
  ...(Object.fromEntries(
    [
      'RATE_LIMIT_LOGIN',
      'RATE_LIMIT_TOKEN',
      'RATE_LIMIT_SIGNUP',
      'RATE_LIMIT_VERIFY',
      'RATE_LIMIT_RESET_REQUEST',
      'RATE_LIMIT_RESET_CONFIRM',
      'RATE_LIMIT_PASSWORD_CHANGE',
      'RATE_LIMIT_TWOFA',
    ].map((name) => [name, '100000/60']),
  ) as Env),
  LOGIN_LOCKOUT_THRESHOLD: '1000' as unknown as number,
  TWOFA_FAILURE_LIMIT: '1000' as unknown as number,
};

/** A real app on a fresh migrated database of this project's kind, with its own mail folder. */
export async function createTestApp(
  env: Record<string, string> = {},
  existing?: { db: Database; url?: string },
  /** Where log lines go (a test that inspects the log passes a collector); stdout otherwise. */
  logTo?: { write(line: string): void },
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accounts-test-'));
  const { db, url } = existing ?? (await freshDatabase());
  const config = loadConfig({ ...(TEST_ENV as Record<string, string>), DATA_DIR: dataDir, ...env });
  const app = await createApp(config, db, createLogger(config.LOG_LEVEL, config.SERVICE_NAME, logTo));
  return {
    app,
    db,
    config,
    url,
    close: async () => {
      await app.close();
      if (!existing) await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The usual set-up of a test file: `const t = useTestApp(env)` registers the hooks that build a
 * fresh app before the file's (or the describe block's) tests and close it after them. The
 * returned handle reads the live app, so `t.app`, `t.config`, `t.db` and `t.url` work inside tests
 * and in helpers they call; reading them before the hook has run throws. `env` may be a function
 * when it depends on something another `beforeAll` set up first.
 */
export function useTestApp(
  env: Record<string, string> | (() => Record<string, string>) = {},
  options: { logTo?: { write(line: string): void } } = {},
): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await createTestApp(typeof env === 'function' ? env() : env, undefined, options.logTo);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  const live = (): TestApp => {
    if (!current) throw new Error('useTestApp: the app exists only inside tests and later hooks');
    return current;
  };
  return {
    get app() {
      return live().app;
    },
    get db() {
      return live().db;
    },
    get config() {
      return live().config;
    },
    get url() {
      return live().url;
    },
    close: () => live().close(),
  };
}

/** Every mail in the local outbox addressed to `to`, oldest first: headers, then the decoded body. */
export function mailsTo(config: Config, to: string): string[] {
  const dir = join(config.DATA_DIR, 'mail');
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return files
    .map((file) => decodeMail(readFileSync(join(dir, file), 'utf8')))
    .filter((mail) => new RegExp(`^To: ${escape(to)}$`, 'mi').test(mail));
}

// nodemailer switches to quoted-printable (soft line breaks, =XX escapes) when any line is long,
// e.g. with a long PUBLIC_URL, and sends text + HTML as multipart/alternative; decode every part
// so tests read what the recipient reads (the text part first, as nodemailer writes it).
function decodeMail(raw: string): string {
  const split = raw.indexOf('\n\n');
  const [head, body] = split < 0 ? [raw, ''] : [raw.slice(0, split), raw.slice(split + 2)];
  const boundary = /^Content-Type:\s*multipart\/[\s\S]*?boundary="?([^"\s;]+)"?/im.exec(head)?.[1];
  if (boundary) {
    const parts = body.split(`--${boundary}`).slice(1, -1);
    return `${head}\n\n${parts.map((part) => decodeMail(part.replace(/^\r?\n/, ''))).join('\n')}`;
  }
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'quoted-printable') return `${head}\n\n${libqp.decode(body).toString('utf8')}`;
  if (encoding === 'base64') return `${head}\n\n${Buffer.from(body, 'base64').toString('utf8')}`;
  return raw;
}

/** The value after `label:` in the newest mail to `to`. */
export function lastMailValue(config: Config, to: string, label: string): string {
  const mails = mailsTo(config, to);
  const last = mails.at(-1);
  const match = last && new RegExp(`^${escape(label)}: (\\S+)$`, 'm').exec(last);
  if (!match) throw new Error(`no mail to ${to} with "${label}"`);
  return match[1]!;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
