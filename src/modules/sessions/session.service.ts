import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient, Session, User } from '../../generated/prisma/client.js';
import type { BackgroundTasks } from '../../shared/background-tasks.js';
import { DomainError } from '../../shared/errors.js';
import { sessionWithUser } from './session-lookup.js';
import { AUTH_METHODS, type AuthMethod, type SessionInfo } from './session.types.js';
import { emitWebhookEvent } from '../webhooks/outbox.js';

type Tx = Prisma.TransactionClient;

// lastUsedAt tells an owner which sessions are in use; minute precision is plenty, and it keeps a
// busy token from turning every request into a write.
const LAST_USED_RESOLUTION_MS = 60_000;
// Stored as given, cut to a sane size: a user agent is caller-chosen text.
const USER_AGENT_MAX = 256;
const SESSION_ID = /^session-[0-9a-f-]{36}$/;

/** Where a sign-in came from, as the HTTP layer saw it. */
export interface SessionOrigin {
  ip: string;
  userAgent: string;
}

/** A live session and its user, as one indexed lookup returns them. */
export type LiveSession = Session & { user: User };

export const newSessionId = () => `session-${randomUUID()}`;

/** The request-facing view of a stored session. */
export function sessionInfo(session: Pick<Session, 'id' | 'method'>): SessionInfo {
  const method = AUTH_METHODS.find((m) => m === session.method);
  // A row with an unknown method is treated as the weakest kind rather than trusted.
  return { id: session.id, method: method ?? 'api_key' };
}

/**
 * Account sessions: one row per sign-in, named by the `sid` claim of its tokens. Ending a
 * session stops its tokens at once; nothing else about them is stored.
 */
export class SessionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly background: BackgroundTasks,
  ) {}

  /** Opens a session for a sign-in that has just proved `method`. */
  create(
    userId: string,
    method: AuthMethod,
    origin: SessionOrigin,
    expiresAt: Date,
    id = newSessionId(),
    db: Tx | PrismaClient = this.prisma,
  ): Promise<Session> {
    return db.session.create({
      data: {
        id,
        userId,
        method,
        ip: origin.ip.slice(0, 64),
        userAgent: origin.userAgent.slice(0, USER_AGENT_MAX),
        expiresAt,
      },
    });
  }

  /**
   * The session a token names, with its user, in one SQL statement: the one lookup an account
   * request costs. Ended, expired or unknown sessions, and those of a disabled user, are undefined.
   */
  async findLive(id: string): Promise<LiveSession | undefined> {
    if (!SESSION_ID.test(id)) return undefined;
    const session = await sessionWithUser(this.prisma, id);
    if (!session || session.endedAt || session.expiresAt.getTime() <= Date.now()) return undefined;
    // Disabling ends every session, but a sign-in racing the disable could open one after it:
    // a disabled user's token is refused whatever its session says.
    if (session.user.disabledAt) return undefined;
    return session;
  }

  /** Records use of a session, at most about once a minute, without making the request wait. */
  touch(session: Pick<Session, 'id' | 'lastUsedAt'>): void {
    const stale = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
    if (session.lastUsedAt > stale) return;
    this.background.run('session-last-used', async () => {
      await this.prisma.session.updateMany({
        where: { id: session.id, lastUsedAt: { lt: stale } },
        data: { lastUsedAt: new Date() },
      });
    });
  }

  /** Lets a live session run until `expiresAt` (a fresh token was issued for it). */
  async extend(id: string, expiresAt: Date): Promise<void> {
    await this.prisma.session.updateMany({
      where: { id, endedAt: null, expiresAt: { lt: expiresAt } },
      data: { expiresAt },
    });
  }

  /** The user's live sessions, newest first. */
  list(userId: string): Promise<Session[]> {
    return this.prisma.session.findMany({
      where: { userId, endedAt: null, expiresAt: { gt: new Date() } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /**
   * Ends one of the user's sessions. Another user's session, an unknown id and an ended one
   * are all SessionNotFound, so nobody learns that someone else's session exists.
   */
  async end(userId: string, id: string): Promise<void> {
    if (!SESSION_ID.test(id)) throw new DomainError('SessionNotFound');
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({
        where: { id, userId, endedAt: null },
        data: { endedAt: new Date() },
      });
      if (count !== 1) throw new DomainError('SessionNotFound');
      await emitWebhookEvent(tx, 'session.ended', { userId, sessionId: id });
    });
  }

  /** Ends every live session of the user but `keepId`; returns how many ended. */
  async endOthers(userId: string, keepId: string): Promise<number> {
    return this.prisma.$transaction((tx) => endSessions(tx, userId, { keepId }));
  }
}

/**
 * Ends the user's live sessions inside the caller's transaction: all of them, all but `keepId`,
 * or only those of one method. Whatever the cause (a password change or reset, 2FA, an API-key
 * rotation, an administrator, a disable), each ended session is one `session.ended` webhook
 * event, written in the same transaction. Returns how many ended.
 */
export async function endSessions(
  tx: Tx,
  userId: string,
  filter: { keepId?: string; method?: AuthMethod } = {},
): Promise<number> {
  const ended = await tx.session.updateManyAndReturn({
    select: { id: true },
    where: {
      userId,
      endedAt: null,
      ...(filter.keepId ? { id: { not: filter.keepId } } : {}),
      ...(filter.method ? { method: filter.method } : {}),
    },
    data: { endedAt: new Date() },
  });
  for (const { id } of ended) await emitWebhookEvent(tx, 'session.ended', { userId, sessionId: id });
  return ended.length;
}
