import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/postgres-server.js';
import type { BenchOptions } from './options.js';
import { firstOk, startChild, type Child } from './processes.js';

export const ROOT = new URL('..', import.meta.url).pathname;

/** How production runs the service: the build when there is one, else TypeScript through tsx. */
export function serviceCommand(): { args: string[]; label: string } {
  // Another build to compare with (bench/profile.ts), e.g. `.dist-base/main.js`.
  const entry = process.env.BENCH_SERVICE_ENTRY;
  if (entry) return { args: [entry], label: `node ${entry}` };
  if (existsSync(join(ROOT, 'dist/main.js'))) return { args: ['dist/main.js'], label: 'node dist/main.js' };
  return { args: ['--import', 'tsx', 'src/main.ts'], label: 'node --import tsx src/main.ts' };
}

export interface Service {
  child: Child;
  base: string;
  dataDir: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  startMs: number;
}

// Far above what a round sends: the limiters still run (and cost what they cost), but never refuse.
const UNLIMITED = '100000000/1';

/** One data key for every instance of a run: replicas on one database must share it. */
const DATA_KEY = randomBytes(32).toString('hex');

const ownedDirs = new Set<string>();

/** A temp data folder, removed by `removeDataDirs` however the run ends. */
function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accounts-bench-'));
  ownedDirs.add(dir);
  return dir;
}

export function removeDataDirs(): void {
  for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
  ownedDirs.clear();
}

export async function startService(
  name: string,
  options: BenchOptions,
  env: Record<string, string>,
  dataDir = newDataDir(),
): Promise<Service> {
  const port = await freePort();
  const { args } = serviceCommand();
  // Extra node flags for profiling (`--cpu-prof`, `--heap-prof`); see bench/profile.ts.
  const nodeArgs = process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const started = performance.now();
  const child = startChild(name, process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      // The tokens' issuer: replicas behind one address share it, so each accepts the others' tokens.
      PUBLIC_URL: 'http://accounts.bench.invalid',
      LOG_LEVEL: options.logLevel,
      UV_THREADPOOL_SIZE: String(options.threadPool),
      DATA_ENCRYPTION_KEY: DATA_KEY,
      RATE_LIMIT_LOGIN: UNLIMITED,
      RATE_LIMIT_TOKEN: UNLIMITED,
      RATE_LIMIT_SIGNUP: UNLIMITED,
      RATE_LIMIT_VERIFY: UNLIMITED,
      ...env,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  const startMs = await firstOk(child, `${base}/readyz`, started);
  return { child, base, dataDir, startMs };
}

export interface BenchUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Signs up, verifies through the local outbox and logs in, all over HTTP as a client would. */
export async function createUser(service: Service): Promise<BenchUser> {
  const email = `bench-${randomUUID()}@example.com`;
  const password = `Bench!${randomBytes(9).toString('base64url')}`;
  const created = await call(
    service.base,
    'POST',
    '/users',
    {},
    {
      email,
      displayName: 'Bench User',
      password,
      billingAddress: { address: '1 Bench Street', zipCode: '1000', state: 'Lisbon', country: 'PT' },
    },
  );
  const id = String(created.id);
  const token = verificationToken(service.dataDir, email);
  await call(service.base, 'PUT', `/users/${id}/token/${token}`, {});
  const login = await call(service.base, 'POST', '/auth', { authorization: basic(email, password) });
  return { id, email, password, accessToken: String(login.accessToken) };
}

function verificationToken(dataDir: string, email: string): string {
  const dir = join(dataDir, 'mail');
  for (const file of readdirSync(dir).sort().reverse()) {
    const mail = readFileSync(join(dir, file), 'utf8');
    if (!mail.includes(`To: ${email}`)) continue;
    const match = /^Verification token: (\S+)$/m.exec(mail);
    if (match) return match[1]!;
  }
  throw new Error(`no verification mail to ${email} in ${dir}`);
}

export async function createClientKey(
  service: Service,
  user: BenchUser,
): Promise<{ clientId: string; clientSecret: string }> {
  const key = await call(service.base, 'POST', '/users/me/client-keys', {
    authorization: `Bearer ${user.accessToken}`,
  });
  return { clientId: String(key.clientId), clientSecret: String(key.clientSecret) };
}
