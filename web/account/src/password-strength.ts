import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

// Loaded lazily (its own chunk of about 1 MB of dictionaries) by the password hints, the first
// time someone types a password. The options are the server's, from
// src/modules/auth/password-policy.ts: the same dictionaries, 64 scored characters, 8 l33t
// substitutions, so the page's verdict matches what the service decides on submit.
const estimator = new ZxcvbnFactory({
  dictionary: {
    ...commonDictionary,
    'commonWords-en': englishDictionary['commonWords-en'],
    'firstnames-en': englishDictionary['firstnames-en'],
    'lastnames-en': englishDictionary['lastnames-en'],
  },
  graphs: adjacencyGraphs,
  translations,
  maxLength: 64,
  l33tMaxSubstitutions: 8,
});

export interface Strength {
  score: number;
  feedback: string;
}

export function strength(password: string, email: string | undefined): Strength {
  const inputs = email ? [email.trim().toLowerCase(), email.trim().toLowerCase().split('@')[0]!] : [];
  const result = estimator.check(password, inputs);
  return {
    score: result.score,
    feedback: [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' '),
  };
}
