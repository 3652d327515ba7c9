import type { MailTemplate } from '../render.js';

export const resetDe: MailTemplate = {
  subject: 'Passwort zurücksetzen',
  text: `Jemand hat verlangt, das Passwort des Kontos mit dieser Adresse
zurückzusetzen. Wählen Sie auf dieser Seite ein neues (der Code ist
schon eingetragen):

{{link}}

Reset code: {{code}}

Der Code gilt einmal, {{minutes}} Minuten lang; eine neue Anfrage
ersetzt ihn. Für API-Nutzer: {"password", "code"} (und "twofa" bei
Zwei-Faktor-Anmeldung) senden an:
PUT {{publicUrl}}/api/user/resetPassword

Wenn Sie das nicht verlangt haben, ignorieren Sie diese Nachricht:
Ihr Passwort bleibt, wie es ist.
`,
  html: `<h1 style="font-size:1.4em">Passwort zurücksetzen</h1>
<p>Jemand hat verlangt, das Passwort des Kontos mit dieser Adresse zurückzusetzen.</p>
<p><a href="{{link}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">Neues Passwort wählen</a></p>
<p>Der Link gilt einmal, {{minutes}} Minuten lang; eine neue Anfrage ersetzt ihn.
Ihr Code, falls die Seite danach fragt: <code>{{code}}</code></p>
<p>Wenn Sie das nicht verlangt haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt, wie es ist.</p>
`,
};
