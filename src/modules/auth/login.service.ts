import type { User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import type { TwoFactorService } from '../two-factor/two-factor.service.js';
import type { UserService } from '../users/user.service.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SignedToken, TokenService } from './tokens.js';
import type { AuthMethod, SessionInfo } from '../sessions/session.types.js';
import { newSessionId, type SessionOrigin, type SessionService } from '../sessions/session.service.js';

export interface LoginInput {
  /** Email or user id. */
  username: string;
  password: string;
  /** Second-factor code, when the account has 2FA on. */
  twofa?: string | null;
}

export interface LoginResult extends SignedToken {
  user: User;
}

export class LoginService {
  constructor(
    private readonly users: UserService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly accountTokenTtlSeconds: number,
    private readonly passwordMaxLength: number,
    private readonly twoFactor: Pick<TwoFactorService, 'assertSecondFactor'>,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Password login. Unknown account and wrong password give the same error after the same
   * work (a dummy verify), so neither the answer nor its timing tells whether an account exists.
   * Only a caller who knows the password learns that the account is unverified.
   */
  async login(input: LoginInput, origin: SessionOrigin): Promise<LoginResult> {
    // An over-long password cannot be right (the policy caps it) and must not reach argon2.
    const password = input.password.length > this.passwordMaxLength ? '' : input.password;
    const user = await this.users.findByRef(input.username);
    if (!user) {
      await this.hasher.verifyDummy(password);
      throw new DomainError('InvalidCredentials');
    }
    if (!password || !(await this.hasher.verify(user.passwordHash, password))) {
      throw new DomainError('InvalidCredentials', { subjectUserId: user.id });
    }
    // Only after a right password, so the answer tells a guesser nothing; before the second factor,
    // which a disabled account must not be asked for.
    assertEnabled(user);
    if (!user.verifiedAt) throw new DomainError('UserNotVerified', { subjectUserId: user.id });
    // Only after a right password: TwoFactorRequired tells the caller to prompt for a code, and
    // that must not be learnable without the password. Failures are counted apart from password
    // failures (TwoFactorService's SecondFactorAttempts hook); a recovery code also works here.
    await this.twoFactor.assertSecondFactor(user, input.twofa);
    const method = user.totpEnabledAt ? 'password_2fa' : 'password';
    return { user, ...(await this.startSession(user, method, origin)) };
  }

  /** Opens a session for a sign-in that proved `method` and returns its first account token. */
  async startSession(
    user: Pick<User, 'id' | 'disabledAt'>,
    method: AuthMethod,
    origin: SessionOrigin,
  ): Promise<SignedToken> {
    // Every sign-in (password, API key) opens its session here: none for a disabled account.
    assertEnabled(user);
    const sid = newSessionId();
    const signed = await this.tokens.sign('account', user.id, this.accountTokenTtlSeconds, { sid });
    // The session lives as long as the token made for it; a fresh token extends it (reissue).
    await this.sessions.create(user.id, method, origin, signed.expiresAt, sid);
    return signed;
  }

  /** A fresh account token for a session that stays open (the caller of a password change). */
  async reissue(user: Pick<User, 'id'>, session: SessionInfo): Promise<SignedToken> {
    const signed = await this.tokens.sign('account', user.id, this.accountTokenTtlSeconds, { sid: session.id });
    await this.sessions.extend(session.id, signed.expiresAt);
    return signed;
  }
}

/** A disabled account signs in no way at all (AccountDisabled, 403). */
export function assertEnabled(user: Pick<User, 'id' | 'disabledAt'>): void {
  if (user.disabledAt) throw new DomainError('AccountDisabled', { subjectUserId: user.id });
}
