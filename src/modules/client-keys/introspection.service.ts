import type { PrismaClient } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import type { TokenService } from '../auth/tokens.js';
import type { ClientKeyService, LiveClientKey } from './client-key.service.js';

/** RFC 7662's answer. Inactive tells nothing more, whatever the reason. */
export type Introspection =
  | { active: false }
  | {
      active: true;
      sub: string;
      clientId: string;
      tokenType: 'Bearer';
      iss: string;
      aud: string;
      jti: string;
      iat: number;
      exp: number;
    };

export interface IntrospectionResult {
  /** The key that asked, for the audit trail. */
  caller: LiveClientKey;
  result: Introspection;
}

/**
 * Token introspection for the services that accept client access tokens. Offline verification
 * against the JWKS proves a token was issued and has not expired; this also says whether its
 * key has since been deleted (or its owner is gone). Only client access tokens can be active
 * here: an account or refresh token answers inactive, so a careless resource server cannot be
 * talked into accepting the wrong kind.
 */
export class IntrospectionService {
  constructor(
    private readonly tokens: TokenService,
    private readonly clientKeys: ClientKeyService,
    private readonly prisma: PrismaClient,
  ) {}

  async introspect(clientId: string, clientSecret: string, token: string): Promise<IntrospectionResult> {
    const caller = await this.clientKeys.authenticate(clientId, clientSecret);
    return { caller, result: await this.check(token) };
  }

  private async ownerEnabled(userId: string): Promise<boolean> {
    const owner = await this.prisma.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
    return owner !== null && owner.disabledAt === null;
  }

  private async check(token: string): Promise<Introspection> {
    let claims;
    try {
      claims = await this.tokens.verify('client', token);
    } catch (error) {
      if (error instanceof DomainError) return { active: false };
      throw error;
    }
    // Deleting a user deletes their keys (cascade), so a live key also means a live account.
    // Tokens signed before client_id existed carry cid only; they live an hour at most.
    const clientId = claims.client_id ?? claims.cid;
    if (!clientId || !(await this.clientKeys.isLive(clientId, claims.sub))) return { active: false };
    // A disabled account's client tokens stop at once for everyone who asks.
    if (!(await this.ownerEnabled(claims.sub))) return { active: false };
    return {
      active: true,
      sub: claims.sub,
      clientId,
      tokenType: 'Bearer',
      iss: claims.iss ?? '',
      aud: this.tokens.audience('client'),
      jti: claims.jti,
      iat: claims.iat,
      exp: claims.exp,
    };
  }
}
