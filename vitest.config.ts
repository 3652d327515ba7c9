import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Every test file runs twice: on embedded PGlite and on a real PostgreSQL server that the
// global setup starts from the installed binaries (and stops).
export default defineConfig({
  // graphql 16 ships both index.mjs and index.js; Node-loaded libraries get index.js, so vite must
  // too, or the schema holds classes from two copies ("Cannot use GraphQLObjectType from another module").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  // @cloud-accounts/client (the workspace link to client/) resolves to its sources, as in tsconfig.json;
  // test/client/package-build.test.ts checks the built package separately.
  ssr: { resolve: { conditions: ['@cloud-accounts/source', ...defaultServerConditions] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most of the suite's time was per-file start-up (importing the app graph, booting PGlite),
    // not tests: reuse each worker's module cache across files, and run a third worker because
    // many tests wait on child processes and sockets rather than the CPU. Test files leave no
    // global state behind (fake timers and spies are restored), which restoreMocks backs up.
    isolate: false,
    maxWorkers: 3,
    restoreMocks: true,
    // .ci/run asks for a JSON report to print a plain "N passed, N failed" closing line.
    ...(process.env.VITEST_JSON_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.VITEST_JSON_REPORT } }
      : {}),
    projects: [
      {
        extends: true,
        test: { name: 'pglite', include: ['test/**/*.test.ts'], env: { TEST_DB: 'pglite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          env: { TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-global.ts'],
        },
      },
    ],
  },
});
