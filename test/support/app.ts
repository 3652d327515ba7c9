import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
};

/** A real app on a fresh migrated database of this project's kind, with its own mail folder. */
export async function createTestApp(
  env: Record<string, string> = {},
  existing?: { db: Database; url?: string },
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accounts-test-'));
  const { db, url } = existing ?? (await freshDatabase());
  const config = loadConfig({ ...(TEST_ENV as Record<string, string>), DATA_DIR: dataDir, ...env });
  const app = await createApp(config, db, createLogger(config.LOG_LEVEL, config.SERVICE_NAME));
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

/** Every mail in the local outbox addressed to `to`, oldest first, as raw text. */
export function mailsTo(config: Config, to: string): string[] {
  const dir = join(config.DATA_DIR, 'mail');
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return files
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .filter((mail) => new RegExp(`^To: ${escape(to)}$`, 'mi').test(mail));
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
