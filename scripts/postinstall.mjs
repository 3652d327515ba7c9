// `postinstall`: generates the Prisma client, the Pothos types and the typed client operations
// when the dev tools are installed (a development `npm install` / `npm ci`). A production install
// (`npm ci --omit=dev`) has no prisma or graphql-codegen and needs neither: it runs the bundle in
// dist/, which `npm run build` produced with the generated code inside. So it skips, saying why.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function installed(name) {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

if (!installed('prisma') || !installed('@graphql-codegen/cli')) {
  console.log('postinstall: dev dependencies absent (production install): code generation skipped');
  process.exit(0);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [join(root, 'scripts/prisma-generate.mjs')]);
run(join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts']);
