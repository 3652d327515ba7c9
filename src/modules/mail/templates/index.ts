import type { Locale } from '../locale.js';
import type { MailTemplate } from '../render.js';
import { resetConfirmationDe } from './reset-confirmation.de.js';
import { resetConfirmationEn } from './reset-confirmation.en.js';
import { resetDe } from './reset.de.js';
import { resetEn } from './reset.en.js';
import { verifyDe } from './verify.de.js';
import { verifyEn } from './verify.en.js';

// Templates are TypeScript modules rather than .html/.txt files so that esbuild, vitest and tsx
// all load them with no loader configuration, and a missing language is a type error.
export const TEMPLATES: Record<'verify' | 'reset' | 'resetConfirmation', Record<Locale, MailTemplate>> = {
  verify: { en: verifyEn, de: verifyDe },
  reset: { en: resetEn, de: resetDe },
  resetConfirmation: { en: resetConfirmationEn, de: resetConfirmationDe },
};
