import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import argon2 from 'argon2';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import pg from 'pg';
import { loadConfig } from '../src/config.js';

/*
 * The peer for `me`: Better Auth's get-session, run as its own process by bench/run.ts on the
 * same PostgreSQL server as the service (a database of its own), with a `pg` Pool of the same
 * size and email + password sign-in hashing with argon2id at the service's settings. Creates its
 * tables with Better Auth's own migrations, signs one user up and in, and prints
 * `BENCH_READY {"port","cookie"}`: GET /api/auth/get-session with that cookie is the measured call.
 * Env: DATABASE_URL, PORT, POOL_SIZE, ARGON2_*.
 */

const config = loadConfig({
  ARGON2_MEMORY_KIB: process.env.ARGON2_MEMORY_KIB,
  ARGON2_TIME_COST: process.env.ARGON2_TIME_COST,
  ARGON2_PARALLELISM: process.env.ARGON2_PARALLELISM,
});
const port = Number(process.env.PORT);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });

const auth = betterAuth({
  baseURL: `http://127.0.0.1:${port}`,
  secret: randomBytes(32).toString('hex'),
  database: pool,
  telemetry: { enabled: false },
  // Every request of a round comes from 127.0.0.1; the service's limiters are opened up alike.
  rateLimit: { enabled: false },
  emailAndPassword: {
    enabled: true,
    password: {
      hash: (password) =>
        argon2.hash(password, {
          type: argon2.argon2id,
          memoryCost: config.ARGON2_MEMORY_KIB,
          timeCost: config.ARGON2_TIME_COST,
          parallelism: config.ARGON2_PARALLELISM,
        }),
      verify: ({ hash, password }) => argon2.verify(hash, password),
    },
  },
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
const password = `Bench!${randomBytes(9).toString('base64url')}`;
await auth.api.signUpEmail({ body: { email, password, name: 'Bench User' } });
const signedIn = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
const cookie = signedIn.headers
  .getSetCookie()
  .map((line) => line.split(';')[0]!)
  .join('; ');
if (!cookie) throw new Error(`sign-in set no cookie (status ${signedIn.status})`);

const server = createServer(toNodeHandler(auth));
server.listen(port, '127.0.0.1', () => console.log(`BENCH_READY ${JSON.stringify({ port, cookie })}`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
