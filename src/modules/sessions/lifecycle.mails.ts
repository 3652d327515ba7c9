import type { DeletedClientKey } from '../client-keys/client-key.service.js';
import type { Locale } from '../mail/locale.js';
import type { MailMessage } from '../mail/mailer.js';
import { escapeHtml, renderMail } from '../mail/render.js';
import { TEMPLATES } from '../mail/templates/index.js';

const KEYS_INTRO = {
  en: ['These client keys were deleted; make new ones for the programs that', 'still need them:'],
  de: ['Diese Client-Schlüssel wurden gelöscht; erzeugen Sie neue für die', 'Programme, die sie noch brauchen:'],
};
const NO_KEYS = { en: 'No client key was deleted.', de: 'Kein Client-Schlüssel wurde gelöscht.' };

// The "Deleted client key: <id>" lines stay in English in every language: scripts read them.
export function resetConfirmationMail(to: string, deletedKeys: DeletedClientKey[], locale: Locale = 'en'): MailMessage {
  const lines = deletedKeys.flatMap((key) => [
    `Deleted client key: ${key.id}`,
    `  created ${key.createdAt.toISOString()}`,
  ]);
  const keysText = deletedKeys.length ? [...KEYS_INTRO[locale], ...lines].join('\n') : NO_KEYS[locale];
  const keysHtml = deletedKeys.length
    ? `<p>${escapeHtml(KEYS_INTRO[locale].join(' '))}</p>\n<ul>\n${deletedKeys
        .map((key) => `<li><code>${escapeHtml(key.id)}</code>, ${escapeHtml(key.createdAt.toISOString())}</li>`)
        .join('\n')}\n</ul>`
    : `<p>${escapeHtml(NO_KEYS[locale])}</p>`;
  return renderMail(to, TEMPLATES.resetConfirmation[locale], { keysText, keysHtml });
}
