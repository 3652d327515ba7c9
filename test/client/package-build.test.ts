import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as source from '@cloud-accounts/client';
import { lastMailValue, useTestApp } from '../support/app.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import { readmeFrontendExample, repo, typeErrors } from './typecheck.js';

// What a frontend installs: the package built by its own `build` script into client/dist, found by
// name through package.json `exports` (no source condition), with the declarations beside it.
// Independent of the database under test, so the pglite project runs it (and owns client/dist).

const run = promisify(execFile);
const dist = join(repo, 'client/dist');

describe.skipIf(process.env.TEST_DB === 'postgres')('@cloud-accounts/client build', { timeout: 180_000 }, () => {
  const t = useTestApp();

  it('builds, resolves by name to dist with the same exports, and its types check the README example', async () => {
    rmSync(dist, { recursive: true, force: true });
    await run('npm', ['run', 'build', '--silent', '-w', '@cloud-accounts/client'], { cwd: repo });
    expect(existsSync(join(dist, 'index.js'))).toBe(true);
    expect(existsSync(join(dist, 'index.d.ts'))).toBe(true);

    // Plain Node, as a bundler or server-side frontend resolves the package.
    const script = `const m = await import('@cloud-accounts/client');
      console.log(JSON.stringify({ at: import.meta.resolve('@cloud-accounts/client'), names: Object.keys(m).sort() }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repo });
    const built = JSON.parse(stdout) as { at: string; names: string[] };
    expect(built.at).toBe(pathToFileURL(join(dist, 'index.js')).href);
    expect(built.names).toEqual(Object.keys(source).sort());

    // Without the repository's source condition, TypeScript reads dist/index.d.ts.
    expect(typeErrors(readmeFrontendExample(), { customConditions: [] })).toEqual([]);
  });

  it('signs up, verifies, logs in and reads me with the built entry', async () => {
    const built = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof source;
    const options = {
      fetch: (url: string, init: RequestInit) => t.app.fetch(new Request(url, init), { clientIp: '127.0.0.1' }),
    };
    const endpoint = 'http://localhost/graphql';
    const email = uniqueEmail('built');
    const input = { email, password: PASSWORD };
    const { signUp } = await built.request(endpoint, built.SignUpDocument, { input }, options);
    const token = lastMailValue(t.config, email, 'Verification token');
    await built.request(endpoint, built.VerifyEmailDocument, { user: signUp.id, token }, options);
    const { login } = await built.request(
      endpoint,
      built.LoginDocument,
      { username: email, password: PASSWORD },
      options,
    );
    const { me } = await built.request(endpoint, built.MeDocument, {}, { ...options, token: login.accessToken });
    expect(me).toMatchObject({ id: signUp.id, email });
    expect(me.verifiedAt).not.toBeNull();
  });
});
