import type { ClientKey, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { randomHex, sameDigest, sha256 } from '../../shared/ids.js';
import { emitWebhookEvent } from '../webhooks/outbox.js';

/** A clientId, which is also the key's id. */
export const CLIENT_ID = /^[0-9a-f]{40}$/;

// Compared against when the clientId names no key, so that answer costs what a wrong secret costs.
const NO_KEY_DIGEST = sha256('no such client key');
// lastUsedAt tells an owner which keys are still in use; minute precision is plenty, and it keeps
// a busy key from turning every grant into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedClientKey {
  clientId: string;
  /** Shown this once; only its SHA-256 is stored. */
  clientSecret: string;
  createdAt: Date;
}

/** A key that authenticated and is not deleted. */
export interface LiveClientKey {
  id: string;
  userId: string;
}

export interface ClientKeyServiceOptions {
  maxKeysPerUser: number;
}

/**
 * Client key pairs. Secrets are 320 random bits, so SHA-256 (fast, no salt needed) is a sound
 * way to store them: nothing can be guessed from the hash, and grants stay cheap.
 */
export class ClientKeyService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: ClientKeyServiceOptions,
  ) {}

  async create(userId: string): Promise<CreatedClientKey> {
    const clientId = randomHex(20);
    const clientSecret = randomHex(40);
    const key = await this.prisma.$transaction(async (tx) => {
      // Locks the owner's row so two creates at once cannot both pass the count below.
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
      const held = await tx.clientKey.count({ where: { userId, deletedAt: null } });
      if (held >= this.options.maxKeysPerUser) {
        throw new DomainError('ClientKeyLimitReached', {
          message: `You hold ${held} client keys, the most allowed; delete one first.`,
        });
      }
      await emitWebhookEvent(tx, 'client_key.created', { userId, clientId });
      return tx.clientKey.create({ data: { id: clientId, userId, secretHash: sha256(clientSecret) } });
    });
    return { clientId, clientSecret, createdAt: key.createdAt };
  }

  /** The user's live keys, newest first (as the Bloq document lists them). */
  list(userId: string): Promise<ClientKey[]> {
    return this.prisma.clientKey.findMany({
      where: { userId, deletedAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /**
   * Deletes a key and revokes its refresh tokens in the same transaction, so no refresh can
   * succeed after the delete answers. Another user's key is ClientKeyNotFound, exactly like a
   * key that never existed. The row stays (deletedAt) for the audit trail.
   */
  async delete(userId: string, id: string): Promise<void> {
    if (!CLIENT_ID.test(id)) throw new DomainError('ClientKeyNotFound');
    await this.prisma.$transaction(async (tx) => {
      const now = new Date();
      const { count } = await tx.clientKey.updateMany({
        where: { id, userId, deletedAt: null },
        data: { deletedAt: now },
      });
      if (count !== 1) throw new DomainError('ClientKeyNotFound');
      await tx.refreshToken.updateMany({ where: { clientKeyId: id, revokedAt: null }, data: { revokedAt: now } });
      await emitWebhookEvent(tx, 'client_key.deleted', { userId, clientId: id });
    });
  }

  /**
   * Checks a clientId/clientSecret pair. Unknown id, wrong secret and deleted key are one
   * answer, and the secret is always hashed and compared in constant time, so neither the
   * answer nor its timing tells which part was wrong.
   */
  async authenticate(clientId: string, clientSecret: string): Promise<LiveClientKey> {
    const key = CLIENT_ID.test(clientId)
      ? await this.prisma.clientKey.findUnique({
          where: { id: clientId },
          select: { id: true, userId: true, secretHash: true, deletedAt: true },
        })
      : null;
    const matches = sameDigest(sha256(clientSecret), key?.secretHash ?? NO_KEY_DIGEST);
    if (!key || !matches || key.deletedAt) {
      // A wrong secret for a real key is still an attempt on that user's account: audit it there.
      throw new DomainError('InvalidClient', { subjectUserId: key?.userId });
    }
    return { id: key.id, userId: key.userId };
  }

  /** Whether the key exists, is not deleted and still belongs to this user. */
  async isLive(clientKeyId: string, userId: string): Promise<boolean> {
    if (!CLIENT_ID.test(clientKeyId)) return false;
    const count = await this.prisma.clientKey.count({ where: { id: clientKeyId, userId, deletedAt: null } });
    return count === 1;
  }

  /** Records a grant's use of the key: one conditional write, at most once a minute per key. */
  async touch(clientKeyId: string): Promise<void> {
    const now = new Date();
    await this.prisma.clientKey.updateMany({
      where: {
        id: clientKeyId,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
}

/** A client key a password reset deleted, as its confirmation mail lists it. */
export interface DeletedClientKey {
  id: string;
  createdAt: Date;
}

/**
 * Deletes every live client key of a user and revokes their refresh tokens, inside the caller's
 * transaction (a password reset). Client access tokens of a deleted key introspect as inactive.
 */
export async function deleteAllClientKeys(
  tx: Prisma.TransactionClient,
  userId: string,
  now = new Date(),
): Promise<DeletedClientKey[]> {
  const keys = await tx.clientKey.findMany({
    where: { userId, deletedAt: null },
    select: { id: true, createdAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  if (!keys.length) return [];
  const ids = keys.map((key) => key.id);
  await tx.clientKey.updateMany({ where: { id: { in: ids }, deletedAt: null }, data: { deletedAt: now } });
  await tx.refreshToken.updateMany({ where: { clientKeyId: { in: ids }, revokedAt: null }, data: { revokedAt: now } });
  return keys;
}
