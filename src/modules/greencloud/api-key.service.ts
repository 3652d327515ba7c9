import { randomUUID } from 'node:crypto';
import type { PrismaClient, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { UUID_V4 } from '../../shared/ids.js';
import type { LoginResult, LoginService } from '../auth/login.service.js';
import type { CredentialLifecycle } from '../sessions/credential-lifecycle.js';
import type { SessionOrigin } from '../sessions/session.service.js';

/**
 * The GreenCloud API key: a UUID v4 every user has, which GreenCloud's command-line client
 * trades for an account access token. It is a credential on its own (no password, no second
 * factor), so it can be rotated, and rotating stops the old one at once.
 */
export class ApiKeyService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly login: LoginService,
    private readonly lifecycle: CredentialLifecycle,
  ) {}

  async loginWithKey(key: string, origin: SessionOrigin): Promise<LoginResult> {
    const trimmed = key.trim();
    if (!UUID_V4.test(trimmed)) throw new DomainError('InvalidApiKey');
    const user = await this.prisma.user.findUnique({ where: { apiKey: trimmed.toLowerCase() } });
    if (!user) throw new DomainError('InvalidApiKey');
    if (!user.verifiedAt) throw new DomainError('UserNotVerified', { subjectUserId: user.id });
    return { user, ...(await this.login.startSession(user, 'api_key', origin)) };
  }

  /** A new key; the old one stops working at once, and so does every session made from it. */
  rotate(user: Pick<User, 'id'>): Promise<User> {
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.user.update({ where: { id: user.id }, data: { apiKey: randomUUID() } });
      await this.lifecycle.apiKeyRotated(tx, user.id);
      return updated;
    });
  }
}
