import { randomUUID } from 'node:crypto';
import type { PrismaClient, RefreshToken } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { sameDigest, sha256 } from '../../shared/ids.js';
import type { SigningKeyStore } from '../auth/signing-keys.js';
import type { SignedToken, TokenService } from '../auth/tokens.js';
import type { ClientKeyService, LiveClientKey } from './client-key.service.js';

export type GrantType = 'clientCredentials' | 'refreshToken';
export const GRANT_TYPES: readonly GrantType[] = ['clientCredentials', 'refreshToken'];

export interface GrantInput {
  grantType: GrantType;
  clientId?: string | null;
  clientSecret?: string | null;
  refreshToken?: string | null;
}

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  /** Who the tokens speak for, for the audit trail. */
  clientKeyId: string;
  userId: string;
}

export interface TokenGrantOptions {
  clientTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A retired refresh token presented again within this many seconds gets its successor back. */
  reuseIntervalSeconds: number;
}

type Family = Pick<RefreshToken, 'userId' | 'clientKeyId' | 'familyId'>;

/**
 * The two grants of POST /auth/token.
 *
 * Refresh tokens rotate on every use: a row per token (keyed by jti, holding the token's
 * SHA-256), and one conditional UPDATE ("set rotatedAt where rotatedAt and revokedAt are
 * null") decides which of several simultaneous refreshes wins; PostgreSQL's row lock makes a
 * second racer, on this instance or another, re-check the condition after the winner commits
 * and find it false. The winner's transaction also inserts the successor's row, so whoever sees
 * rotatedAt set can see the successor too.
 *
 * A retired token presented again is reuse: the whole family is revoked, because either the
 * client or a thief now holds a stale copy. The reuse interval softens this for a client that
 * refreshed twice at once: within it, the loser gets the same successor back. We never store a
 * token, only its hash; instead the successor is re-issued from its row: same claims, same jti,
 * same iat/exp, signed by the same key. Ed25519 is deterministic, so that yields the identical
 * JWS, and we confirm it by its hash before handing it out (trying each key we hold, in case the
 * signing key rotated in between). Anyone able to do this already holds the signing key.
 */
export class TokenGrantService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly tokens: TokenService,
    private readonly keys: SigningKeyStore,
    private readonly clientKeys: ClientKeyService,
    private readonly options: TokenGrantOptions,
  ) {}

  async grant(input: GrantInput): Promise<TokenPair> {
    if (input.grantType === 'clientCredentials') {
      return this.clientCredentials(required(input.clientId, 'clientId'), required(input.clientSecret, 'clientSecret'));
    }
    if (input.grantType === 'refreshToken') {
      const token = required(input.refreshToken, 'refreshToken');
      // Bloq clients send the refresh token alone; a client that also authenticates (as OAuth
      // confidential clients do) must be the key the token is bound to.
      if (input.clientId || input.clientSecret) {
        const key = await this.clientKeys.authenticate(input.clientId ?? '', input.clientSecret ?? '');
        return this.refresh(token, key.id);
      }
      return this.refresh(token);
    }
    throw new DomainError('UnsupportedGrantType');
  }

  /** A new token family for a key: a client access token and the family's first refresh token. */
  async clientCredentials(clientId: string, clientSecret: string): Promise<TokenPair> {
    const key = await this.clientKeys.authenticate(clientId, clientSecret);
    await this.assertOwnerEnabled(key.userId);
    const family: Family = { userId: key.userId, clientKeyId: key.id, familyId: randomUUID() };
    const refresh = await this.signRefresh(family);
    await this.prisma.refreshToken.create({ data: this.refreshRow(family, refresh) });
    await this.clientKeys.touch(key.id);
    return this.pair({ id: key.id, userId: key.userId }, refresh);
  }

  /** Rotates a refresh token; `clientKeyId`, when given, is the key that must own it. */
  async refresh(token: string, clientKeyId?: string): Promise<TokenPair> {
    const claims = await this.tokens.verify('refresh', token).catch((error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError('InvalidGrant', {
        message: error.code === 'TokenExpired' ? 'The refresh token has expired.' : undefined,
      });
    });
    const row = await this.prisma.refreshToken.findUnique({
      where: { id: claims.jti },
      include: { clientKey: { select: { userId: true, deletedAt: true } }, user: { select: { disabledAt: true } } },
    });
    // Bound to its key: the row, the token's claims and the key's owner must all agree.
    if (
      !row ||
      !sameDigest(sha256(token), row.tokenHash) ||
      row.clientKeyId !== claims.cid ||
      row.familyId !== claims.fam ||
      row.userId !== claims.sub ||
      row.clientKey.userId !== row.userId ||
      (clientKeyId !== undefined && clientKeyId !== row.clientKeyId)
    ) {
      throw new DomainError('InvalidGrant');
    }
    const refused = new DomainError('InvalidGrant', { subjectUserId: row.userId });
    if (row.clientKey.deletedAt || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw refused;
    // Disabling revokes the refresh tokens; this catches a refresh racing the disable.
    if (row.user.disabledAt) throw new DomainError('AccountDisabled', { subjectUserId: row.userId });

    if (!row.rotatedAt) {
      const successor = await this.signRefresh(row);
      const won = await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.refreshToken.updateMany({
          where: { id: row.id, rotatedAt: null, revokedAt: null },
          data: { rotatedAt: new Date(), successorId: successor.jti },
        });
        if (count !== 1) return false;
        await tx.refreshToken.create({ data: { ...this.refreshRow(row, successor), parentId: row.id } });
        return true;
      });
      if (won) {
        await this.clientKeys.touch(row.clientKeyId);
        return this.pair({ id: row.clientKeyId, userId: row.userId }, successor);
      }
    }
    return this.presentedAgain(row.id, refused);
  }

  /**
   * RFC 7009 revocation by the key a token was issued to. A refresh token revokes its whole family,
   * so neither it nor any successor it would have minted works again. Access tokens are
   * self-contained and short-lived: nothing is stored to revoke them (deleting the key is what
   * makes them introspect inactive). Anything else, including another key's token, changes nothing
   * and says so to no one: the caller learns nothing about tokens it does not hold.
   */
  async revoke(clientId: string, clientSecret: string, token: string): Promise<LiveClientKey> {
    const caller = await this.clientKeys.authenticate(clientId, clientSecret);
    const claims = await this.tokens.verify('refresh', token).catch((error: unknown) => {
      if (error instanceof DomainError) return undefined;
      throw error;
    });
    if (!claims || claims.cid !== caller.id) return caller;
    const row = await this.prisma.refreshToken.findUnique({ where: { id: claims.jti } });
    if (row && row.clientKeyId === caller.id && sameDigest(sha256(token), row.tokenHash)) {
      await this.prisma.refreshToken.updateMany({
        where: { familyId: row.familyId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
    }
    return caller;
  }

  /** A disabled account's client keys get no grant (they work again once it is enabled). */
  private async assertOwnerEnabled(userId: string): Promise<void> {
    const owner = await this.prisma.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
    if (!owner || owner.disabledAt) throw new DomainError('AccountDisabled', { subjectUserId: userId });
  }

  /** The token was rotated already (just now by a racer, or long ago): hand back or revoke. */
  private async presentedAgain(id: string, refused: DomainError): Promise<TokenPair> {
    const row = await this.prisma.refreshToken.findUnique({ where: { id } });
    if (!row || row.revokedAt) throw refused;
    const interval = this.options.reuseIntervalSeconds * 1000;
    if (interval > 0 && row.rotatedAt && row.successorId && Date.now() - row.rotatedAt.getTime() <= interval) {
      const successor = await this.prisma.refreshToken.findUnique({ where: { id: row.successorId } });
      if (successor && !successor.rotatedAt && !successor.revokedAt) {
        // Another instance may have signed it with a key this one has not loaded yet.
        let again = await this.reissue(successor);
        if (!again) {
          await this.keys.reload();
          again = await this.reissue(successor);
        }
        if (again) return this.pair({ id: row.clientKeyId, userId: row.userId }, again);
        // Not reuse: a legitimate racer we cannot serve. Refuse without revoking the family.
        throw refused;
      }
    }
    await this.prisma.refreshToken.updateMany({
      where: { familyId: row.familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    throw new DomainError('InvalidGrant', {
      message:
        'The refresh token was already used; its token family is revoked. Authenticate with the client key again.',
      subjectUserId: row.userId,
    });
  }

  /** Re-creates a stored refresh token byte for byte, or undefined if no key we hold signed it. */
  private async reissue(row: RefreshToken): Promise<SignedToken | undefined> {
    const iat = Math.floor(row.createdAt.getTime() / 1000);
    const ttl = Math.round(row.expiresAt.getTime() / 1000) - iat;
    for (const key of this.keys.privateKeys()) {
      const again = await this.tokens.sign('refresh', row.userId, ttl, familyClaims(row), { jti: row.id, iat, key });
      if (sameDigest(sha256(again.token), row.tokenHash)) return again;
    }
    return undefined;
  }

  private signRefresh(family: Family): Promise<SignedToken> {
    return this.tokens.sign('refresh', family.userId, this.options.refreshTokenTtlSeconds, familyClaims(family));
  }

  private refreshRow(family: Family, token: SignedToken) {
    return {
      id: token.jti,
      tokenHash: sha256(token.token),
      clientKeyId: family.clientKeyId,
      userId: family.userId,
      familyId: family.familyId,
      // Exactly the token's iat, so reissue() can rebuild it.
      createdAt: new Date(token.expiresAt.getTime() - this.options.refreshTokenTtlSeconds * 1000),
      expiresAt: token.expiresAt,
    };
  }

  private async pair(key: LiveClientKey, refresh: SignedToken): Promise<TokenPair> {
    const access = await this.tokens.sign('client', key.userId, this.options.clientTokenTtlSeconds, {
      // RFC 9068 names it client_id; cid stays for integrators who read it before.
      client_id: key.id,
      cid: key.id,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      clientKeyId: key.id,
      userId: key.userId,
    };
  }
}

// One place builds the refresh claims, in one key order, so a re-issued token is byte-identical.
function familyClaims(family: Family) {
  return { cid: family.clientKeyId, fam: family.familyId };
}

function required(value: string | null | undefined, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new DomainError('InvalidInput', { message: `${field} is required for this grantType.` });
  }
  return value;
}
