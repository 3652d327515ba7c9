import { PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE, PASSWORD_SPECIALS } from './password-rules.js';
import { passwordStrength } from './password-strength.js';
import { DomainError } from '../../shared/errors.js';

/**
 * The one password rule, used at sign-up, change and reset: GreenCloud's rule (8+ characters,
 * one of !@#$%&*), a length cap so a huge password cannot burn CPU in argon2, hard enough to
 * guess by zxcvbn's estimate, and not the account's own email.
 */
export function assertPasswordAllowed(password: string, email: string | undefined, maxLength: number): void {
  const problem = passwordProblem(password, email, maxLength);
  if (problem) throw new DomainError('WeakPassword', { message: problem });
}

function passwordProblem(password: string, email: string | undefined, maxLength: number): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > maxLength) return `The password must have at most ${maxLength} characters.`;
  if (!PASSWORD_SPECIALS.test(password)) return 'The password must contain at least one of ! @ # $ % & *.';
  const lower = password.toLowerCase();
  if (email && lower === email.trim().toLowerCase()) return 'The password must not be your email address.';
  const { score, feedback } = passwordStrength(password, email);
  if (score >= PASSWORD_MIN_SCORE) return undefined;
  return `This password is too easy to guess.${feedback ? ` ${feedback}` : ''}`;
}
