import type { MailTemplate } from '../render.js';

// The labelled lines ("User id:", "Verification token:") stay in English: programs read them.
export const verifyDe: MailTemplate = {
  subject: 'Bestätigen Sie Ihre E-Mail-Adresse',
  text: `Willkommen! Bestätigen Sie diese Adresse, um Ihr Konto anzulegen.
Öffnen Sie diese Seite und klicken Sie auf "Bestätigen":

{{link}}

User id: {{userId}}
Verification token: {{token}}

Registriert am: {{requestedAt}}
Von der IP-Adresse:
{{clientIp}}

Für API-Nutzer: PUT-Anfrage an <base>/users/<user id>/token/<token>,
wobei <base> folgende Adresse ist:
{{publicUrl}}

Nur das Token der neuesten Registrierung gilt: eine erneute
Registrierung mit dieser Adresse ersetzt Passwort und Profil eines
unbestätigten Kontos und macht frühere Tokens ungültig.

Wenn Sie sich zu dieser Zeit nicht registriert haben, bestätigen Sie
nicht; ignorieren Sie diese Nachricht.
`,
  html: `<h1 style="font-size:1.4em">Bestätigen Sie Ihre E-Mail-Adresse</h1>
<p>Willkommen! Bestätigen Sie diese Adresse, um Ihr Konto anzulegen.</p>
<p><a href="{{link}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">Bestätigungsseite öffnen</a></p>
<p>Die Seite bittet Sie um einen Klick; das Öffnen allein ändert nichts.</p>
<p>Diese Registrierung kam am {{requestedAt}} von der IP-Adresse {{clientIp}}.
Waren Sie das nicht, ignorieren Sie diese Nachricht.</p>
<p style="color:#555;font-size:.9em">Nur der Link der neuesten Registrierung gilt: eine erneute Registrierung
ersetzt Passwort und Profil eines unbestätigten Kontos.</p>
`,
};
