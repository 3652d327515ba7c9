import type { MailTemplate } from '../render.js';

export const resetEn: MailTemplate = {
  subject: 'Reset your password',
  text: `Someone asked to reset the password of the account with this address.
Choose a new password on this page (the code is filled in):

{{link}}

Reset code: {{code}}

The code works once, for {{minutes}} minutes; asking again replaces it.
API users: send {"password", "code"} (and "twofa" when two-factor
authentication is on) to:
PUT {{publicUrl}}/api/user/resetPassword

If you did not ask for this, ignore this message: your password stays
as it is.
`,
  html: `<h1 style="font-size:1.4em">Reset your password</h1>
<p>Someone asked to reset the password of the account with this address.</p>
<p><a href="{{link}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">Choose a new password</a></p>
<p>The link works once, for {{minutes}} minutes; asking again replaces it.
Your reset code, should the page ask for it: <code>{{code}}</code></p>
<p>If you did not ask for this, ignore this message: your password stays as it is.</p>
`,
};
