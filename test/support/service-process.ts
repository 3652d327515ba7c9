import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { requestParts, type RestOptions } from './http.js';
import { freePort } from './postgres-server.js';

/** The real service as `npm start` runs it, in a child process on a free loopback port. */
export interface ServiceProcess {
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  call(method: string, path: string, options?: CallOptions): Promise<CallReply>;
}

export type CallOptions = Omit<RestOptions, 'clientIp'>;

export interface CallReply {
  status: number;
  headers: Headers;
  body: any;
}

const started: ServiceProcess[] = [];
const ownedDirs: string[] = [];

/** A temp data directory removed by `stopServices()`. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accounts-proc-'));
  ownedDirs.push(dir);
  return dir;
}

let template: Promise<string> | undefined;

/**
 * Puts a migrated, empty PGlite database into `dataDir` (for a service run without DATABASE_URL),
 * copied from one this worker makes once: a fresh folder's initdb takes many seconds on a loaded
 * machine, every time. For tests about what a running service does, not its first start; the
 * README tour, `npm start` and the production install still start on a fresh folder.
 */
export async function withMigratedPglite(dataDir: string): Promise<void> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accounts-pglite-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const db = await openDatabase({ dataDir: dir });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    return dir;
  })();
  cpSync(join(await template, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
}

/** How to run the service: TypeScript through tsx (default), or `npm start` on the built bundle. */
export const TSX_SERVICE = [process.execPath, '--import', 'tsx', 'src/main.ts'];
export const NPM_START = ['npm', 'start', '--silent'];

export async function startService(
  env: Record<string, string> = {},
  dataDir = tempDataDir(),
  [command, ...args] = TSX_SERVICE,
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(command!, args, {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      // Replicas must share one data key (production refuses to start on PostgreSQL without it).
      DATA_ENCRYPTION_KEY: '5f1d3c9a7b2e4f6081a3c5e7092b4d6f8a1c3e5f7092b4d6f8a1c3e5f7092b4d',
      // Every test process signs up from 127.0.0.1; the production limit (10 an hour) would trip.
      RATE_LIMIT_SIGNUP: '1000/60',
      RATE_LIMIT_VERIFY: '1000/60',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const service: ServiceProcess = {
    port,
    dataDir,
    child,
    output: () => output,
    exited,
    call: (method, path, options = {}) => call(port, method, path, options),
  };
  started.push(service);
  // Generous: a fresh PGlite data folder on a machine shared with other test runs can take a minute.
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited early:\n${output}`);
    const ready = await service.call('GET', '/readyz').catch(() => undefined);
    if (ready?.status === 200) return service;
    if (Date.now() > deadline) throw new Error(`the service did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Kills whatever is still running and removes temp data directories. */
export async function stopServices(): Promise<void> {
  for (const service of started.splice(0)) {
    if (service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
  }
  for (const dir of ownedDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

async function call(port: number, method: string, path: string, options: CallOptions): Promise<CallReply> {
  const { headers, body } = requestParts(options);
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: callers that care read the status.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
