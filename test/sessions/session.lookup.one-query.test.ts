import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { SessionService } from '../../src/modules/sessions/session.service.js';
import { BackgroundTasks } from '../../src/shared/background-tasks.js';
import { createLogger } from '../../src/shared/logger.js';
import { freshPostgresUrl, onPostgres } from '../support/db.js';

/**
 * Checking an account token costs one indexed lookup: the session by id together with its user,
 * in one SQL statement (Prisma's relationJoins), counted with Prisma's own query log.
 */
const queries: string[] = [];
let prisma: PrismaClient;
let close: () => Promise<void>;

/** A client that logs every SQL statement it sends into `queries`. */
function loggingClient(adapter: PrismaPg | PrismaPGlite): PrismaClient {
  const client = new PrismaClient<{ adapter: PrismaPg | PrismaPGlite; log: [{ emit: 'event'; level: 'query' }] }>({
    adapter,
    log: [{ emit: 'event', level: 'query' }],
  });
  client.$on('query', (event) => queries.push(event.query));
  return client as unknown as PrismaClient;
}

beforeAll(async () => {
  if (onPostgres) {
    const url = await freshPostgresUrl();
    const db = await openDatabase({ url, poolSize: 2 });
    await migrate(db);
    await db.close();
    prisma = loggingClient(new PrismaPg({ connectionString: url }));
    close = () => prisma.$disconnect();
  } else {
    const client = await PGlite.create();
    for (const migration of readMigrations()) await client.exec(migration.sql);
    prisma = loggingClient(new PrismaPGlite(client));
    close = async () => {
      await prisma.$disconnect();
      await client.close();
    };
  }
});
afterAll(() => close());

describe('account token check', () => {
  it('loads the session and its user in one SQL statement', async () => {
    await prisma.user.create({
      data: {
        id: 'user-one-query',
        email: 'a@example.com',
        emailKey: 'a@example.com',
        passwordHash: 'x',
        displayName: 'A',
        apiKey: 'k',
      },
    });
    const sessions = new SessionService(prisma, new BackgroundTasks(createLogger('silent', 'test')));
    const session = await sessions.create(
      'user-one-query',
      'password',
      { ip: '192.0.2.1', userAgent: 'test' },
      new Date(Date.now() + 3600_000),
    );
    queries.length = 0;
    const live = await sessions.findLive(session.id);
    expect(live?.user.email).toBe('a@example.com');
    expect(live?.user.createdAt).toBeInstanceOf(Date);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/JOIN/i);
    expect(queries[0]).toContain('"sessions"');
    expect(queries[0]).toContain('"users"');
  });
});
