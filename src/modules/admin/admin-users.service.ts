import type { ClientKey, Prisma, PrismaClient, Session, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { sha256 } from '../../shared/ids.js';
import { decodeCursor, isStorableInstant } from '../events/event.service.js';

export const ADMIN_DEFAULT_PAGE_SIZE = 50;
export const ADMIN_MAX_PAGE_SIZE = 500;

export interface AdminUserFilter {
  /** Case-insensitive prefix of the email. */
  emailPrefix?: string | null;
  verified?: boolean | null;
  disabled?: boolean | null;
  /** Inclusive lower bound on createdAt. */
  createdAfter?: Date | null;
  /** Exclusive upper bound on createdAt. */
  createdBefore?: Date | null;
}

export interface AdminUserPageInput {
  first?: number | null;
  after?: string | null;
  filter?: AdminUserFilter | null;
}

export interface AdminUserPage {
  users: User[];
  hasNextPage: boolean;
}

/** A lockout or failure count the abuse protection holds for an account right now. */
export interface AdminLockout {
  /** `password`: per (account, client IP); `twofa`: wrong second-factor codes, per account. */
  kind: 'password' | 'twofa';
  ip: string | null;
  failures: number;
  /** Until when attempts are refused; null while only failures are counted. */
  lockedUntil: Date | null;
}

/** Reading accounts for administrators; no secret or hash leaves here. */
export class AdminUserQueries {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly twofaFailureLimit: number,
  ) {}

  /**
   * One page of accounts, newest first, ordered by (createdAt desc, id desc): keyset paging with
   * the events connection's cursor (base64url of [createdAt, id]), so accounts created while an
   * administrator pages never shift the pages.
   */
  async page(input: AdminUserPageInput): Promise<AdminUserPage> {
    const limit = pageSize(input.first);
    const where: Prisma.UserWhereInput[] = filterWhere(input.filter ?? {});
    if (input.after) {
      const cursor = decodeCursor(input.after);
      where.push({
        OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
      });
    }
    const rows = await this.prisma.user.findMany({
      where: { AND: where },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return { users: rows.slice(0, limit), hasNextPage: rows.length > limit };
  }

  async user(id: string): Promise<User> {
    const user = id.length <= 64 ? await this.prisma.user.findUnique({ where: { id } }) : null;
    if (!user) throw new DomainError('UserNotFound');
    return user;
  }

  /** Live sessions, newest first. */
  sessions(userId: string): Promise<Session[]> {
    return this.prisma.session.findMany({
      where: { userId, endedAt: null, expiresAt: { gt: new Date() } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** Live client keys (id, createdAt, lastUsedAt; never the secret hash). */
  clientKeys(userId: string): Promise<ClientKey[]> {
    return this.prisma.clientKey.findMany({
      where: { userId, deletedAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /**
   * The newest sign-in with the password (with or without a second factor), from the sessions
   * table: ended sessions count too, until the sessions retention job deletes them.
   */
  async lastLogin(userId: string): Promise<Date | null> {
    const session = await this.prisma.session.findFirst({
      where: { userId, method: { in: ['password', 'password_2fa'] } },
      orderBy: [{ createdAt: 'desc' }],
      select: { createdAt: true },
    });
    return session?.createdAt ?? null;
  }

  /**
   * What the abuse protection holds for this account now (see src/modules/abuse): password
   * failures and lockouts per client IP (`login-failures:` / `login-lock:` rows keyed by a hash
   * of the user id and the IP) and wrong second-factor codes (`twofa-failures:<userId>`).
   */
  async lockouts(userId: string): Promise<AdminLockout[]> {
    const account = sha256(userId).slice(0, 32);
    const rows = await this.prisma.rateLimiterFlexible.findMany({
      where: {
        OR: [
          { key: { startsWith: `login-failures:${account}|` } },
          { key: { startsWith: `login-lock:${account}|` } },
          { key: `twofa-failures:${userId}` },
        ],
        AND: [{ OR: [{ expire: null }, { expire: { gt: new Date() } }] }],
      },
    });
    const byIp = new Map<string, AdminLockout>();
    const result: AdminLockout[] = [];
    for (const row of rows) {
      if (row.key.startsWith('twofa-failures:')) {
        const locked = row.points >= this.twofaFailureLimit;
        result.push({ kind: 'twofa', ip: null, failures: row.points, lockedUntil: locked ? row.expire : null });
        continue;
      }
      const ip = row.key.slice(row.key.indexOf('|') + 1);
      const entry = byIp.get(ip) ?? { kind: 'password' as const, ip, failures: 0, lockedUntil: null };
      byIp.set(ip, entry);
      // A lock row at 1 point is an attempt in flight (its ticket); blocked, it holds 2.
      if (row.key.startsWith('login-lock:')) entry.lockedUntil = row.points > 1 ? row.expire : null;
      else entry.failures = row.points;
    }
    return [...result, ...[...byIp.values()].filter((e) => e.failures > 0 || e.lockedUntil)];
  }
}

function filterWhere(filter: AdminUserFilter): Prisma.UserWhereInput[] {
  const where: Prisma.UserWhereInput[] = [];
  if (filter.emailPrefix != null) {
    if (filter.emailPrefix.length > 320) {
      throw new DomainError('InvalidInput', { message: 'emailPrefix is too long.' });
    }
    // emailKey is the lower-cased email. Prisma passes startsWith to LIKE unescaped (prisma#19506),
    // and `_` is common in addresses: escape the wildcards so the prefix is taken literally.
    const literal = filter.emailPrefix
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, '\\$&');
    where.push({ emailKey: { startsWith: literal } });
  }
  if (filter.verified != null) where.push({ verifiedAt: filter.verified ? { not: null } : null });
  if (filter.disabled != null) where.push({ disabledAt: filter.disabled ? { not: null } : null });
  for (const [name, date] of [
    ['createdAfter', filter.createdAfter],
    ['createdBefore', filter.createdBefore],
  ] as const) {
    if (date && !isStorableInstant(date)) {
      throw new DomainError('InvalidInput', { message: `${name} must lie between the years 1 and 9999.` });
    }
  }
  if (filter.createdAfter) where.push({ createdAt: { gte: filter.createdAfter } });
  if (filter.createdBefore) where.push({ createdAt: { lt: filter.createdBefore } });
  return where;
}

function pageSize(first: number | null | undefined): number {
  if (first == null) return ADMIN_DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > ADMIN_MAX_PAGE_SIZE) {
    throw new DomainError('InvalidInput', {
      message: `first must be an integer from 1 to ${ADMIN_MAX_PAGE_SIZE}.`,
    });
  }
  return first;
}
