// `npm run build`: generates the Prisma client (and Pothos types), bundles the service into dist/
// and builds the /account app into dist/account/.
//
// Why esbuild and not a plain tsc emit: the generated Prisma client imports its own files without
// extensions ("./enums"), which Node's ESM loader refuses; esbuild resolves them. A bundle also
// loads one file at start instead of ~130 modules, and builds in about a second, so `npm start`
// can rebuild a stale dist cheaply. Packages stay external (native argon2, PGlite's WASM and
// Prisma's runtime load their own files). Type errors are `npm run typecheck`'s job.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');

// Entry points: the service and the operator commands that package.json runs from dist.
export const ENTRIES = {
  main: 'src/main.ts',
  'db-migrate': 'src/db/migrate-cli.ts',
  'prune-events': 'scripts/prune-events.ts',
  'rotate-signing-key': 'scripts/rotate-signing-key.ts',
  'admin-role': 'scripts/admin-role.ts',
};

const generate = spawnSync(process.execPath, [join(root, 'scripts/prisma-generate.mjs')], {
  cwd: root,
  stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
});
if (generate.status !== 0) process.exit(generate.status ?? 1);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('build: esbuild is a dev dependency; run `npm install` (with dev dependencies) first');
  process.exit(1);
}

const dist = join(root, 'dist');
// Built beside dist/ and swapped in, so a service starting meanwhile never sees half a bundle.
const outdir = join(root, `.dist-${process.pid}.tmp`);
const started = Date.now();
await esbuild.build({
  absWorkingDir: root,
  entryPoints: Object.entries(ENTRIES).map(([out, input]) => ({ in: input, out })),
  outdir,
  bundle: true,
  // ESM chunks shared by the entry points, and lazily imported modules in their own files.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
// The /account app (Vite + Preact) into dist/account: hashed assets the service serves.
const { build: viteBuild } = await import('vite');
await viteBuild({
  configFile: join(root, 'web/account/vite.config.ts'),
  build: { outDir: join(outdir, 'account'), emptyOutDir: true },
  logLevel: 'warn',
});
if (!existsSync(join(outdir, 'main.js')) || !existsSync(join(outdir, 'account/index.html'))) {
  rmSync(outdir, { recursive: true, force: true });
  console.error('build: dist/main.js or dist/account/index.html was not produced');
  process.exit(1);
}
const old = join(root, `.dist-${process.pid}.old`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(outdir, dist);
rmSync(old, { recursive: true, force: true });
if (!quiet) console.log(`build: dist/ written in ${Date.now() - started} ms`);
