import type { Event, PrismaClient, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { TwoFactorService } from '../two-factor/two-factor.service.js';
import { eventOutput } from '../events/event.service.js';
import { deleteAccount, settleLateEvents, type DeletionEventsMode } from './account-deletion.js';
import { addressOf } from '../users/address.js';

/** Events in one export at most, newest first; `eventsTruncated` says when older ones exist. */
export const EXPORT_EVENTS_MAX = 10_000;

export interface AccountDataOptions {
  passwordMaxLength: number;
  deletionEvents: DeletionEventsMode;
}

export interface DeleteMyAccountInput {
  password: string;
  twofa?: string | null;
}

/**
 * A person's own data: everything stored about them as one JSON document, and deleting the
 * account. No hash, secret, API key or TOTP secret is ever part of an export.
 */
export class AccountDataService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hasher: PasswordHasher,
    private readonly twoFactor: Pick<TwoFactorService, 'assertSecondFactor'>,
    private readonly events: { flush(): Promise<void> },
    private readonly options: AccountDataOptions,
  ) {}

  async export(user: User): Promise<Record<string, unknown>> {
    const [clientKeys, sessions, events] = await Promise.all([
      this.prisma.clientKey.findMany({
        where: { userId: user.id },
        select: { id: true, createdAt: true, lastUsedAt: true, deletedAt: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
      this.prisma.session.findMany({
        where: { userId: user.id },
        select: {
          id: true,
          method: true,
          ip: true,
          userAgent: true,
          createdAt: true,
          lastUsedAt: true,
          expiresAt: true,
          endedAt: true,
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
      this.prisma.event.findMany({
        where: { userId: user.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: EXPORT_EVENTS_MAX + 1,
      }),
    ]);
    // Dates as ISO strings: the document is plain JSON whatever carries it.
    return plain({
      exportedAt: new Date(),
      profile: profile(user),
      clientKeys,
      sessions,
      events: events.slice(0, EXPORT_EVENTS_MAX).map(exportedEvent),
      eventsTruncated: events.length > EXPORT_EVENTS_MAX,
    });
  }

  /**
   * Deletes the caller's account after checking the password (and the second factor while 2FA
   * is on). A wrong password changes nothing and is InvalidOldPassword, counted like the
   * password change's (per-IP limit, one guess per operation).
   */
  async deleteMine(user: User, input: DeleteMyAccountInput): Promise<void> {
    const password = input.password.length > this.options.passwordMaxLength ? '' : input.password;
    if (!password || !(await this.hasher.verify(user.passwordHash, password))) {
      throw new DomainError('InvalidOldPassword', { subjectUserId: user.id });
    }
    await this.twoFactor.assertSecondFactor(user, input.twofa);
    const deleted = await this.prisma.$transaction(async (tx) => {
      const live = await tx.user.findUnique({ where: { id: user.id } });
      // Deleted by a racing request (or an administrator) meanwhile: the token is dead anyway.
      if (!live) throw new DomainError('InvalidToken');
      return deleteAccount(tx, live, this.options.deletionEvents);
    });
    await settleLateEvents(this.prisma, this.events, deleted);
  }
}

function profile(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    name: user.name,
    surname: user.surname,
    entityType: user.entityType,
    address: addressOf(user),
    bundle: { name: user.bundleName, quota: user.bundleQuota },
    verifiedAt: user.verifiedAt,
    twofaEnabled: user.totpEnabledAt !== null,
    twofaEnabledAt: user.totpEnabledAt,
    isAdmin: user.isAdmin,
    disabledAt: user.disabledAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function exportedEvent(event: Event) {
  return {
    id: event.id,
    service: event.service,
    input: event.input,
    output: eventOutput(event.output),
    serviceData: event.serviceData,
    createdAt: event.createdAt,
  };
}

function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
