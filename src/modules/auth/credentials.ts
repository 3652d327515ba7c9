import { decodeProtectedHeader } from 'jose';
import type { User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { sessionInfo, type SessionService } from '../sessions/session.service.js';
import type { SessionInfo } from '../sessions/session.types.js';
import { TOKEN_KINDS, type TokenClaims, type TokenKind, type TokenService } from './tokens.js';

/** Whose audit trail a request joins. Only the field-policy step (src/graphql/policy) writes it. */
export interface Attribution {
  userId?: string;
  clientKeyId?: string;
  /** The account (or its client key) proved itself: its own trail, with its own operation names. */
  byCaller?: boolean;
  /**
   * Set when the request joins the trail of an account it was aimed at (a login, say) rather than
   * of a proven caller: the root field that ran, the only operation name such an event records.
   */
  subjectField?: string;
}

export interface AccountViewer {
  kind: 'account';
  user: User;
  claims: TokenClaims;
  /** The session the token belongs to; its method decides what the caller may do. */
  session: SessionInfo;
}

/**
 * The bearer credential of one request, checked lazily: an operation that needs no login never
 * fails because of a stale header, and each operation asks for exactly the kind it accepts.
 */
export class Credentials {
  private account?: Promise<AccountViewer>;
  private checked?: AccountViewer;

  constructor(
    private readonly authorization: string | null,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
  ) {}

  /** The bearer token, or undefined when none was sent. Accepts `Bearer x` and a bare token. */
  get bearer(): string | undefined {
    const header = this.authorization?.trim();
    if (!header) return undefined;
    const match = /^bearer\s+(\S+)$/i.exec(header);
    if (match) return match[1];
    return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(header) ? header : undefined;
  }

  /** The account behind an account access token; anything else is refused. */
  requireAccount(): Promise<AccountViewer> {
    this.account ??= this.resolveAccount();
    return this.account;
  }

  /**
   * The account the field policy checked before this resolver ran (`caller: 'account'`). Reading
   * it in a field whose policy lets anyone call is a programming error, answered as InternalError.
   */
  get viewer(): AccountViewer {
    if (!this.checked) throw new Error('viewer read by a field whose policy does not require an account');
    return this.checked;
  }

  private async resolveAccount(): Promise<AccountViewer> {
    const token = this.bearer;
    if (!token) throw new DomainError('Unauthenticated');
    const claims = await this.verifyAs('account', token);
    // One indexed lookup: the session with its user. An ended, expired or unknown session (a
    // logout, a password change elsewhere, a reset) refuses the token.
    const live = claims.sid ? await this.sessions.findLive(claims.sid) : undefined;
    if (!live || live.userId !== claims.sub) throw new DomainError('InvalidToken');
    this.sessions.touch(live);
    this.checked = { kind: 'account', user: live.user, claims, session: sessionInfo(live) };
    return this.checked;
  }

  /**
   * Verifies a token as `kind`. A valid token of another kind is Forbidden (it authenticates,
   * but is not allowed here); anything else is InvalidToken or TokenExpired.
   */
  async verifyAs(kind: TokenKind, token: string): Promise<TokenClaims> {
    try {
      return await this.tokens.verify(kind, token);
    } catch (error) {
      const other = otherKind(token, kind);
      if (error instanceof DomainError && error.code === 'InvalidToken' && other) {
        const claims = await this.tokens.verify(other, token).catch(() => undefined);
        if (claims) throw new DomainError('Forbidden', { subjectUserId: claims.sub });
      }
      throw error;
    }
  }
}

function otherKind(token: string, expected: TokenKind): TokenKind | undefined {
  try {
    const { typ } = decodeProtectedHeader(token);
    const kind = (Object.keys(TOKEN_KINDS) as TokenKind[]).find((k) => TOKEN_KINDS[k].typ === typ);
    return kind !== expected ? kind : undefined;
  } catch {
    return undefined;
  }
}
