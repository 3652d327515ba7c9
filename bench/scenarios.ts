import { freePort } from '../test/support/postgres-server.js';
import { alternate, combine, round, type Figure, type Target } from './load.js';
import type { BenchOptions } from './options.js';
import { readyMessage, startChild } from './processes.js';
import { basic, createClientKey, createUser, ROOT, startService, type BenchUser, type Service } from './service.js';
import { baselineCell, over, rate, times, type Row } from './table.js';

/** One database's part of the run: where the service's data lives and what it is compared with. */
export interface DatabaseRun {
  label: Row['database'];
  options: BenchOptions;
  /** Extra service settings (DATABASE_URL on PostgreSQL). */
  serviceEnv: Record<string, string>;
  /** PostgreSQL only: the service's database, read by the bare baseline. */
  serviceDbUrl?: string;
  /** PostgreSQL only: an empty database on the same server for Better Auth. */
  betterAuthUrl?: string;
}

const ME_QUERY = JSON.stringify({ query: '{ me { id email } }' });

function tsChild(name: string, script: string, env: Record<string, string>) {
  return startChild(name, process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
  });
}

export const meRest = (service: Service, user: BenchUser): Target => ({
  url: `${service.base}/users/me`,
  headers: { authorization: `Bearer ${user.accessToken}` },
});

const meGraphQL = (service: Service, user: BenchUser): Target => ({
  url: `${service.base}/graphql`,
  method: 'POST',
  headers: { authorization: `Bearer ${user.accessToken}`, accept: 'application/graphql-response+json' },
  body: ME_QUERY,
});

const poolEnv = (run: DatabaseRun) => ({ POOL_SIZE: run.serviceEnv.DATABASE_POOL_SIZE ?? '10' });

/**
 * REST and GraphQL `me`, the bare handler and Better Auth's get-session, rounds alternating.
 * Returns the rows and the bare handler's rate (the grants' baseline).
 */
export async function meFigures(run: DatabaseRun, service: Service, user: BenchUser) {
  const { options } = run;
  const targets: Record<string, Target> = { rest: meRest(service, user), graphql: meGraphQL(service, user) };
  const peers = [];
  if (run.serviceDbUrl) {
    const bare = tsChild('bare node:http baseline', 'bench/bare-me.ts', {
      DATABASE_URL: run.serviceDbUrl,
      USER_ID: user.id,
      ...poolEnv(run),
    });
    peers.push(bare);
    const ready = await readyMessage<{ port: number; token: string }>(bare);
    targets.bare = {
      url: `http://127.0.0.1:${ready.port}/users/me`,
      headers: { authorization: `Bearer ${ready.token}` },
    };
  }
  if (run.betterAuthUrl) {
    const port = await freePort();
    const peer = tsChild('Better Auth', 'bench/better-auth-peer.ts', {
      DATABASE_URL: run.betterAuthUrl,
      PORT: String(port),
      ...poolEnv(run),
    });
    peers.push(peer);
    const ready = await readyMessage<{ cookie: string }>(peer);
    targets.betterAuth = { url: `http://127.0.0.1:${port}/api/auth/get-session`, headers: { cookie: ready.cookie } };
  }
  const figures = await alternate(
    targets,
    options.connections,
    options.rounds,
    options.roundSeconds,
    options.warmupSeconds,
  );
  await Promise.all(peers.map((peer) => peer.stop()));

  const { rest, graphql, bare, betterAuth } = figures as Record<string, Figure | undefined>;
  const rows: Row[] = [];
  const database = run.label;
  for (const [scenario, figure] of [
    ['`GET /users/me` (REST)', rest!],
    ['GraphQL `{ me { id email } }`', graphql!],
  ] as const) {
    if (bare) {
      const ratio = over(figure.rate, bare.rate);
      rows.push({
        scenario,
        database,
        figure,
        baseline: baselineCell('bare node:http', bare),
        ratio: times(ratio),
        goal: '>= 0.6x, p99 < 25 ms',
        met: ratio >= 0.6 && figure.p99 < 25,
      });
    } else {
      rows.push({ scenario, database, figure, goal: '>= 1500 req/s', met: figure.rate >= 1500 });
    }
  }
  rows.push({
    scenario: 'REST vs GraphQL `me`',
    database,
    baseline: baselineCell('GraphQL', graphql!),
    ratio: times(over(rest!.rate, graphql!.rate)),
    goal: '>= 0.95x',
    met: over(rest!.rate, graphql!.rate) >= 0.95,
  });
  if (betterAuth) {
    rows.push({
      scenario: 'Better Auth `get-session` (peer)',
      database,
      figure: betterAuth,
      goal: '—',
    });
    rows.push({
      scenario: '`GET /users/me` vs Better Auth `get-session`',
      database,
      baseline: baselineCell('Better Auth', betterAuth),
      ratio: times(over(rest!.rate, betterAuth.rate)),
      goal: '>= 5x',
      met: over(rest!.rate, betterAuth.rate) >= 5,
    });
  }
  if (bare) rows.push({ scenario: 'bare node:http `me` (baseline)', database, figure: bare, goal: '—' });
  return { rows, bareRate: bare?.rate };
}

/**
 * The client-credentials grant, then the rotating refresh grant on the refresh tokens the first
 * one returned (each used once: a reused token would revoke its family and answer 401).
 */
export async function grantFigures(run: DatabaseRun, service: Service, user: BenchUser, bareRate?: number) {
  const { options } = run;
  const key = await createClientKey(service, user);
  const tokens: string[] = [];
  const url = `${service.base}/auth/token`;
  const clientCredentials: Target = {
    url,
    method: 'POST',
    body: JSON.stringify({ grantType: 'clientCredentials', ...key }),
    onBody: (status, body) => {
      const token = status === 200 ? /"refreshToken":"([^"]+)"/.exec(body)?.[1] : undefined;
      if (token) tokens.push(token);
    },
  };
  if (options.warmupSeconds > 0) await round(clientCredentials, options.connections, options.warmupSeconds);
  const cc = combine([await round(clientCredentials, options.connections, options.roundSeconds)]);
  const refresh: Target = {
    url,
    method: 'POST',
    nextBody: () => {
      const token = tokens.pop();
      return token && JSON.stringify({ grantType: 'refreshToken', refreshToken: token });
    },
  };
  // A fixed number of requests, one per token: the round lasts as long as the tokens do.
  // autocannon wants at least one request per connection.
  const warm = Math.floor(tokens.length / 5);
  if (options.warmupSeconds > 0 && warm >= options.connections) await round(refresh, options.connections, 3600, warm);
  // Rounds too short (or a machine too busy) to mint a token per connection: top up, unmeasured.
  while (tokens.length < options.connections) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: clientCredentials.body,
    });
    clientCredentials.onBody!(response.status, await response.text());
    if (!response.ok) throw new Error(`client-credentials grant answered ${response.status}`);
  }
  const rotating = combine([await round(refresh, options.connections, 3600, tokens.length)]);
  return (
    [
      ['client-credentials grant (`POST /auth/token`)', cc],
      ['rotating refresh grant (one fresh token per request)', rotating],
    ] as const
  ).map(([scenario, figure]): Row =>
    bareRate === undefined
      ? { scenario, database: run.label, figure, goal: '—' }
      : {
          scenario,
          database: run.label,
          figure,
          baseline: `bare node:http ${rate(bareRate)}`,
          ratio: times(over(figure.rate, bareRate)),
          goal: '>= 0.3x',
          met: over(figure.rate, bareRate) >= 0.3,
        },
  );
}

/** Password login against the raw argon2id verify rate, then `me` latency idle and in a login storm. */
export async function loginFigures(run: DatabaseRun, service: Service, user: BenchUser): Promise<Row[]> {
  const { options } = run;
  const login: Target = {
    url: `${service.base}/auth`,
    method: 'POST',
    headers: { authorization: basic(user.email, user.password) },
  };
  if (options.warmupSeconds > 0) await round(login, options.connections, options.warmupSeconds);
  const logins = combine([await round(login, options.connections, options.roundSeconds)]);
  const argon = tsChild('argon2id baseline', 'bench/argon2-rate.ts', {
    UV_THREADPOOL_SIZE: String(options.threadPool),
    SECONDS: String(options.roundSeconds),
    CONCURRENCY: String(options.connections),
    ...pick(run.serviceEnv, ['ARGON2_MEMORY_KIB', 'ARGON2_TIME_COST', 'ARGON2_PARALLELISM']),
  });
  const raw = await readyMessage<{ rate: number }>(argon);
  await argon.stop();

  const me = meRest(service, user);
  const idle = combine([await round(me, options.connections, options.roundSeconds)]);
  const [stormed] = await Promise.all([
    round(me, options.connections, options.roundSeconds),
    round(login, options.stormConnections, options.roundSeconds),
  ]);
  const storm = combine([stormed]);
  return [
    {
      scenario: 'password login (`POST /auth`, argon2id)',
      database: run.label,
      figure: logins,
      baseline: `raw argon2id verify ${Math.round(raw.rate)}/s`,
      ratio: times(over(logins.rate, raw.rate)),
      goal: '>= 0.95x',
      met: over(logins.rate, raw.rate) >= 0.95,
    },
    {
      scenario: `\`GET /users/me\` p99 during a login storm (${options.stormConnections} connections)`,
      database: run.label,
      figure: storm,
      baseline: `idle p99 ${idle.p99.toFixed(1)} ms`,
      ratio: times(over(storm.p99, idle.p99)),
      goal: '<= 3x',
      met: over(storm.p99, idle.p99) <= 3,
    },
  ];
}

/** `me` on the service (recording on, the default) against a second instance with EVENTS_ENABLED=false. */
export async function auditFigure(run: DatabaseRun, service: Service, user: BenchUser): Promise<Row> {
  const { options } = run;
  const off = await startService(`service (${run.label}, events off)`, options, {
    ...run.serviceEnv,
    EVENTS_ENABLED: 'false',
  });
  try {
    // On PGlite the second instance has a database of its own, so it needs its own user.
    const offUser = run.serviceDbUrl ? user : await createUser(off);
    const figures = await alternate(
      { on: meRest(service, user), off: meRest(off, offUser) },
      options.connections,
      options.rounds,
      options.roundSeconds,
      options.warmupSeconds,
    );
    const ratio = over(figures.on!.rate, figures.off!.rate);
    return {
      scenario: '`GET /users/me` with audit recording (EVENTS_ENABLED=true)',
      database: run.label,
      figure: figures.on,
      baseline: baselineCell('recording off', figures.off!),
      ratio: times(ratio),
      goal: '>= 0.95x',
      met: ratio >= 0.95,
    };
  } finally {
    await off.child.stop();
  }
}

function pick(env: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((name) => env[name] !== undefined).map((name) => [name, env[name]!]));
}
