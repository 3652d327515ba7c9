import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { DomainError } from '../../shared/errors.js';
import { SIGNING_ALG, type SigningKeyStore } from './signing-keys.js';
import { VerifiedTokens } from './verified-tokens.js';

/**
 * Each kind of token has its own `typ` header and audience, and each place that takes a token
 * names the one kind it accepts, so no kind can stand in for another. Client access tokens use
 * RFC 9068's `at+jwt` (with its `client_id` claim) so any OAuth resource server can check them.
 */
export const TOKEN_KINDS = {
  account: { typ: 'account-access+jwt', audience: 'account' },
  client: { typ: 'at+jwt', audience: 'client' },
  refresh: { typ: 'refresh+jwt', audience: 'refresh' },
  /** The /account app's "keep me signed in" cookie: trades for an account token of its session. */
  accountCookie: { typ: 'account-cookie+jwt', audience: 'account-cookie' },
} as const;

export type TokenKind = keyof typeof TOKEN_KINDS;

export interface TokenClaims extends JWTPayload {
  sub: string;
  jti: string;
  exp: number;
  iat: number;
  /** Account tokens: the session the token belongs to; ending it revokes the token. */
  sid?: string;
  /** Client and refresh tokens: the client key (clientId). */
  cid?: string;
  /** Client access tokens (RFC 9068): the client key (clientId). */
  client_id?: string;
  /** Refresh tokens: the rotation family. */
  fam?: string;
}

export interface SignedToken {
  token: string;
  jti: string;
  expiresAt: Date;
}

export class TokenService {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly keys: SigningKeyStore,
    private readonly issuer: string,
    private readonly audiencePrefix: string,
  ) {}

  audience(kind: TokenKind): string {
    return `${this.audiencePrefix}:${TOKEN_KINDS[kind].audience}`;
  }

  async sign(
    kind: TokenKind,
    subject: string,
    ttlSeconds: number,
    extra: Pick<TokenClaims, 'sid' | 'cid' | 'client_id' | 'fam'> = {},
    /**
     * Re-issues a token exactly: with the same jti, iat and signing key the result is the very
     * same compact JWS (Ed25519 signatures are deterministic).
     */
    fixed: { jti?: string; iat?: number; key?: { kid: string; key: CryptoKey } } = {},
  ): Promise<SignedToken> {
    const { kid, key } = fixed.key ?? this.keys.signingKey();
    const jti = fixed.jti ?? randomUUID();
    const now = fixed.iat ?? Math.floor(Date.now() / 1000);
    const exp = now + ttlSeconds;
    const token = await new SignJWT({ ...extra })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: TOKEN_KINDS[kind].typ })
      .setIssuer(this.issuer)
      .setAudience(this.audience(kind))
      .setSubject(subject)
      .setJti(jti)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(key);
    return { token, jti, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Verifies signature (key by kid from our own key set, EdDSA only), issuer, audience, typ and
   * expiry. An expired token is TokenExpired; anything else wrong is InvalidToken.
   */
  async verify(kind: TokenKind, token: string): Promise<TokenClaims> {
    if (token.length > 4096) throw new DomainError('InvalidToken');
    // A token verified before, still unexpired, whose key still verifies: the same answer again.
    const known = this.verified.get(kind, token);
    if (
      known &&
      known.claims.exp > Math.floor(Date.now() / 1000) &&
      (await this.keys.verificationKey(known.kid)) === known.key
    ) {
      return { ...known.claims };
    }
    try {
      let used: { kid: string; key: CryptoKey } | undefined;
      const { payload } = await jwtVerify<TokenClaims>(
        token,
        async (header) => {
          const key = await this.keys.verificationKey(header.kid);
          if (!key) throw new DomainError('InvalidToken');
          used = { kid: header.kid!, key };
          return key;
        },
        {
          algorithms: [SIGNING_ALG],
          issuer: this.issuer,
          audience: this.audience(kind),
          typ: TOKEN_KINDS[kind].typ,
          requiredClaims: ['sub', 'jti', 'exp', 'iat'],
        },
      );
      if (used) this.verified.set(kind, token, { claims: { ...payload }, ...used });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new DomainError('TokenExpired');
      throw new DomainError('InvalidToken', { cause: error });
    }
  }
}
