import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

// zxcvbn's estimate as the password rule uses it. No server imports: the /account app bundles
// this very file (in a lazily loaded chunk) for its hints as one types, so the page's verdict
// cannot drift from the service's.

/**
 * zxcvbn's matching grows quickly with length and with l33t substitutions (a 64-character random
 * password took ~400 ms with the defaults, ~15 ms with these). The first 64 characters decide:
 * a password whose first 64 are strong stays strong whatever follows.
 */
const SCORED_LENGTH = 64;
const L33T_MAX_SUBSTITUTIONS = 8;

let estimator: ZxcvbnFactory | undefined;

// Building the ranked dictionaries takes a few hundred milliseconds: done once, on first use.
// Wikipedia's word list is left out: it doubles that cost and the names and common words
// already cover what people pick.
function zxcvbn(): ZxcvbnFactory {
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

export interface Strength {
  /** zxcvbn's score, 0 to 4. */
  score: number;
  /** zxcvbn's warning and suggestions: fixed English text that never quotes the password. */
  feedback: string;
}

/** The estimate for a password, with the account's email (and its local part) as known words. */
export function passwordStrength(password: string, email: string | undefined): Strength {
  const inputs = email ? [email.trim().toLowerCase(), email.trim().toLowerCase().split('@')[0]!] : [];
  const result = zxcvbn().check(password, inputs);
  return {
    score: result.score,
    feedback: [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' '),
  };
}
