// `npm start` (and the operator commands): runs a bundle from dist/ with plain node, building it
// first when dist/ is missing or older than the sources, so `npm install && npm start` works on a
// fresh clone. The bundle is imported into THIS process rather than spawned: npm's SIGTERM/SIGINT
// then reach the server itself and no child is left behind as an orphan. (package.json says
// `exec node …`: npm runs scripts through `sh -c`, and a shell that stayed would take the signal.)
//
// Usage: node scripts/start.mjs [main|db-migrate|prune-events|rotate-signing-key|admin-role] [args…]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2] ?? 'main';
const bundle = join(root, 'dist', `${entry}.js`);
// What goes into the bundle. Not package-lock.json: packages stay external, and `npm prune`
// rewrites it after the build, which would make every production start look stale.
const SOURCES = [
  'src',
  'scripts/build.mjs',
  'scripts/prune-events.ts',
  'scripts/rotate-signing-key.ts',
  'scripts/admin-role.ts',
  'prisma/schema.prisma',
];

function newestMtime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isStale() {
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  // src/generated is rewritten by the build itself, before the bundle, so it never looks newer.
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

if (isStale()) {
  const canBuild = existsSync(join(root, 'node_modules', 'esbuild'));
  if (canBuild) {
    const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) {
      console.error('start: the build failed (above); not starting');
      process.exit(1);
    }
  } else if (existsSync(bundle)) {
    // A production install without dev dependencies runs what it was given.
    console.error(
      `start: dist/ looks older than the sources, but the build tools are not installed; running it anyway`,
    );
  } else {
    console.error(
      'start: dist/ is missing and the build tools are not installed: run `npm run build` where dev dependencies are installed',
    );
    process.exit(1);
  }
}

if (!existsSync(bundle)) {
  console.error(`start: unknown entry "${entry}" (dist/${entry}.js does not exist)`);
  process.exit(2);
}
// The bundle sees its own arguments at argv[2…], as when run directly (`tsx scripts/admin-role.ts grant x`).
process.argv.splice(2, 1);
await import(pathToFileURL(bundle).href);
