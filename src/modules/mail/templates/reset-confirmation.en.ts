import type { MailTemplate } from '../render.js';

// {{{keysText}}} / {{{keysHtml}}} are the deleted client keys, built (and escaped) by the caller.
export const resetConfirmationEn: MailTemplate = {
  subject: 'Your password was reset',
  text: `The password of the account with this address was reset with a code
mailed to it. To lock out anyone else who may have had access:

- every signed-in session was ended, and every refresh token revoked;
- the API key was replaced (read the new one from GET /api/user);
- the client keys were handled as follows.

{{{keysText}}}

If you did not reset your password, reset it again now.
`,
  html: `<h1 style="font-size:1.4em">Your password was reset</h1>
<p>The password of the account with this address was reset with a code mailed to it.
To lock out anyone else who may have had access:</p>
<ul>
<li>every signed-in session was ended, and every refresh token revoked;</li>
<li>the API key was replaced;</li>
<li>the client keys were handled as follows.</li>
</ul>
{{{keysHtml}}}
<p>If you did not reset your password, reset it again now.</p>
`,
};
