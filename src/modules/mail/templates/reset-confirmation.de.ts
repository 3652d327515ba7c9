import type { MailTemplate } from '../render.js';

export const resetConfirmationDe: MailTemplate = {
  subject: 'Ihr Passwort wurde zurückgesetzt',
  text: `Das Passwort des Kontos mit dieser Adresse wurde mit einem per Mail
geschickten Code zurückgesetzt. Um alle anderen auszusperren:

- jede angemeldete Sitzung wurde beendet, jedes Refresh-Token widerrufen;
- der API-Schlüssel wurde ersetzt (den neuen liefert GET /api/user);
- mit den Client-Schlüsseln geschah Folgendes.

{{{keysText}}}

Wenn Sie Ihr Passwort nicht zurückgesetzt haben, setzen Sie es jetzt
erneut zurück.
`,
  html: `<h1 style="font-size:1.4em">Ihr Passwort wurde zurückgesetzt</h1>
<p>Das Passwort des Kontos mit dieser Adresse wurde mit einem per Mail geschickten Code zurückgesetzt.
Um alle anderen auszusperren:</p>
<ul>
<li>jede angemeldete Sitzung wurde beendet, jedes Refresh-Token widerrufen;</li>
<li>der API-Schlüssel wurde ersetzt;</li>
<li>mit den Client-Schlüsseln geschah Folgendes.</li>
</ul>
{{{keysHtml}}}
<p>Wenn Sie Ihr Passwort nicht zurückgesetzt haben, setzen Sie es jetzt erneut zurück.</p>
`,
};
