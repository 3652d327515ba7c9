/**
 * How an account session proved who it is. It decides what the session may do: a session made
 * from the GreenCloud API key (no password, no second factor) may not change the password, turn
 * 2FA on or off, rotate the API key or create client keys.
 */
export type AuthMethod = 'password' | 'password_2fa' | 'api_key';

export const AUTH_METHODS: readonly AuthMethod[] = ['password', 'password_2fa', 'api_key'];

/** The session an account access token belongs to (its `sid` claim), as the request sees it. */
export interface SessionInfo {
  id: string;
  method: AuthMethod;
}
