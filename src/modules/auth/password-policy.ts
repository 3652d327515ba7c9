import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { DomainError } from '../../shared/errors.js';

const SPECIALS = /[!@#$%&*]/;
export const PASSWORD_MIN_LENGTH = 8;

/**
 * zxcvbn's score 3 means "more than 10^8 guesses": out of reach of an online attacker held back by
 * the per-IP limits and the login lockout, and it refuses a common password with its obvious
 * dressing (`Password1!`, `Qwerty123!`, `Admin@123`), which a plain list lookup lets through.
 */
const MIN_SCORE = 3;

/**
 * zxcvbn's matching grows quickly with length and with l33t substitutions (a 64-character random
 * password took ~400 ms with the defaults, ~15 ms with these). The first 64 characters decide:
 * a password whose first 64 are strong stays strong whatever follows.
 */
const SCORED_LENGTH = 64;
const L33T_MAX_SUBSTITUTIONS = 8;

let estimator: ZxcvbnFactory | undefined;

// Building the ranked dictionaries takes a few hundred milliseconds: done once per process, on
// first use. Wikipedia's word list is left out: it doubles that cost and the names and common
// words already cover what people pick.
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: {
      ...commonDictionary,
      'commonWords-en': englishDictionary['commonWords-en'],
      'firstnames-en': englishDictionary['firstnames-en'],
      'lastnames-en': englishDictionary['lastnames-en'],
    },
    graphs: adjacencyGraphs,
    translations,
    maxLength: SCORED_LENGTH,
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
  });
  return estimator;
}

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
  if (!SPECIALS.test(password)) return 'The password must contain at least one of ! @ # $ % & *.';
  const lower = password.toLowerCase();
  if (email && lower === email.trim().toLowerCase()) return 'The password must not be your email address.';
  const userInputs = email ? [email.trim().toLowerCase(), email.trim().toLowerCase().split('@')[0]!] : [];
  const result = strength().check(password, userInputs);
  if (result.score >= MIN_SCORE) return undefined;
  // zxcvbn's feedback is fixed English text (it never quotes the password), so it can be shown.
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return `This password is too easy to guess.${why ? ` ${why}` : ''}`;
}
