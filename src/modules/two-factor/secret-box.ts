import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../../config.js';
import type { Logger } from '../../shared/logger.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';
export const KEY_FILE = 'data-encryption.key';

/**
 * AES-256-GCM for small secrets kept in the database (TOTP secrets). Each sealed value names the
 * key it was sealed with (a short fingerprint), so a wrong or rotated key fails with a clear log
 * line instead of garbage; and it is bound to a context (the owner's id) as associated data, so
 * a value copied into another user's row does not open.
 */
export class SecretBox {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error('the data encryption key must be 32 bytes');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, b64(iv), b64(body), b64(cipher.getAuthTag())].join(':');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, iv, body, tag] = sealed.split(':');
    if (version !== VERSION || !iv || !body || !tag) throw new Error('sealed secret has an unknown format');
    if (keyId !== this.keyId) {
      throw new Error(`sealed secret was made with data key ${keyId}, not the configured ${this.keyId}`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');

/**
 * The key that seals secrets at rest.
 *
 * - DATA_ENCRYPTION_KEY set: that key (64 hex characters, or base64 of 32 bytes).
 * - Unset, with DATABASE_URL in production: refuse to start. Replicas share one database, so
 *   they must share one key; a key each replica invented for itself would make every replica
 *   but one unable to read the secrets, and keeping it in the database would put it next to
 *   what it protects.
 * - Otherwise (the embedded database, or development/test on PostgreSQL): a key generated once
 *   into DATA_DIR/data-encryption.key (mode 0600) and reused, so `npm start` needs no set-up.
 *   With the embedded database the key sits beside the data files, which still keeps the
 *   secrets out of database dumps and backups taken without that file.
 */
export function loadDataKey(config: DataKeyConfig, logger: Logger): Buffer {
  const configured = assertDataKeyConfig(config);
  if (configured) return configured;
  const file = join(config.DATA_DIR, KEY_FILE);
  const key = readKeyFile(file) ?? createKeyFile(file);
  if (config.DATABASE_URL) {
    logger.warn(
      { file },
      'DATA_ENCRYPTION_KEY is unset: using a key kept in DATA_DIR; other replicas will not share it (set the variable in production)',
    );
  }
  return key;
}

type DataKeyConfig = Pick<Config, 'DATA_ENCRYPTION_KEY' | 'DATABASE_URL' | 'NODE_ENV' | 'DATA_DIR'>;

/**
 * The checks on the key settings alone (no files touched), so start-up can refuse a bad or
 * missing key with one line before it opens the database. Returns the configured key, if any.
 */
export function assertDataKeyConfig(config: DataKeyConfig): Buffer | undefined {
  if (config.DATA_ENCRYPTION_KEY) {
    const key = parseKey(config.DATA_ENCRYPTION_KEY);
    if (!key) {
      throw new ConfigError(['DATA_ENCRYPTION_KEY: must be 32 bytes, written as 64 hex characters or as base64']);
    }
    return key;
  }
  if (config.DATABASE_URL && config.NODE_ENV === 'production') {
    throw new ConfigError([
      'DATA_ENCRYPTION_KEY: required in production with DATABASE_URL (every replica needs the same key); create one with `openssl rand -hex 32`',
    ]);
  }
  return undefined;
}

function parseKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return undefined;
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = parseKey(text);
  if (!key) throw new ConfigError([`${file}: not a 32-byte key in hex; restore it or set DATA_ENCRYPTION_KEY`]);
  return key;
}

function createKeyFile(file: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  mkdirSync(join(file, '..'), { recursive: true });
  try {
    // 'wx': two processes starting on one DATA_DIR must not overwrite each other's key.
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(file)!;
  }
}
