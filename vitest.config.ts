import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

// Files whose behaviour does not depend on the database under test (docs and policy drift, config
// parsing, the package build, services that always run on their own PGlite, the production
// install): the postgres project would only repeat them, so only the pglite project runs them.
const DATABASE_INDEPENDENT = [
  'test/docs/configuration.drift.test.ts',
  'test/policy/field-policies.docs.test.ts',
  'test/policy/field-policy.declared.test.ts',
  'test/ops/config.test.ts',
  'test/ops/production-install.test.ts',
  'test/observability/metrics.separate-port.test.ts',
  'test/bench/bench.smoke.test.ts',
  'test/client/readme-frontend-example.test.ts',
  'test/client/package-build.test.ts',
];

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
          exclude: [...configDefaults.exclude, ...DATABASE_INDEPENDENT],
          env: { TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-global.ts'],
        },
      },
    ],
  },
});
