import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, onPostgres } from '../support/db.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import { NPM_START, startService, stopServices } from '../support/service-process.js';

// `npm start` runs node on the bundle in dist/ (building it when stale) in ONE process, so the
// SIGTERM or SIGINT an orchestrator sends to `npm start` reaches the server: it stops cleanly
// and leaves no orphan still holding the port (tsx used to leave its child running).

afterAll(() => stopServices());

/** Process ids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each(['SIGTERM', 'SIGINT'] as const)('npm start, then %s', (signal) => {
  it('serves from dist, stops cleanly and leaves no process behind', { timeout: 300_000 }, async () => {
    const databaseUrl = onPostgres ? await freshPostgresUrl() : '';
    const service = await startService({ DATABASE_URL: databaseUrl }, undefined, NPM_START);
    const signUp = await service.call('POST', '/users', {
      body: { email: uniqueEmail('npm-start'), password: PASSWORD, displayName: 'Npm Start' },
    });
    expect(signUp.status).toBe(201);

    const descendants = [service.child.pid!, ...childrenOf(service.child.pid!)];
    for (const pid of [...descendants]) descendants.push(...childrenOf(pid));

    service.child.kill(signal);
    expect(await service.exited).toBe(0);
    for (const pid of descendants) expect(alive(pid), `process ${pid} outlived npm start`).toBe(false);
    await expect(fetch(`http://127.0.0.1:${service.port}/healthz`)).rejects.toThrow();
    expect(service.output()).toMatch(/"msg":"stopped"/);
  });
});
