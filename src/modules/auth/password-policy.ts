import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '../../shared/errors.js';

const SPECIALS = /[!@#$%&*]/;
export const PASSWORD_MIN_LENGTH = 8;

// zxcvbn-ts ships a ranked list of ~49,000 leaked passwords; a Set makes the check O(1).
const common = new Set(dictionary['passwords-common'] as string[]);

/**
 * The one password rule, used at sign-up, change and reset: GreenCloud's rule (8+ characters,
 * one of !@#$%&*), a length cap so a huge password cannot burn CPU in argon2, not a common
 * password, and not the account's own email.
 */
export function assertPasswordAllowed(password: string, email: string | undefined, maxLength: number): void {
  const problem = passwordProblem(password, email, maxLength);
  if (problem) throw new DomainError('WeakPassword', { message: problem });
}

function passwordProblem(password: string, email: string | undefined, maxLength: number): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > maxLength) return `The password must have at most ${maxLength} characters.`;
  if (!SPECIALS.test(password)) return 'The password must contain at least one of ! @ # $ % & *.';
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'This password is too common; choose another.';
  if (email && lower === email.trim().toLowerCase()) return 'The password must not be your email address.';
  return undefined;
}
