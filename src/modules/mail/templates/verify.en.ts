import type { MailTemplate } from '../render.js';

// The text part goes out unencoded (see plainPart in mailer.ts): its labelled lines stay greppable.
export const verifyEn: MailTemplate = {
  subject: 'Verify your email address',
  text: `Welcome! Confirm this address to finish creating your account.
Open this page and press "Verify":

{{link}}

User id: {{userId}}
Verification token: {{token}}

Signed up at: {{requestedAt}}
From IP address:
{{clientIp}}

API users: verify with a PUT request to <base>/users/<user id>/token/<token>,
where <base> is
{{publicUrl}}

Only the token from the newest sign-up works: signing up again with
this address replaces the password and profile of an unverified
account and retires every token mailed before.

If you did not sign up at that time, do not verify; ignore this
message.
`,
  html: `<h1 style="font-size:1.4em">Verify your email address</h1>
<p>Welcome! Confirm this address to finish creating your account.</p>
<p><a href="{{link}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">Open the verification page</a></p>
<p>The page asks you to press one button; opening it changes nothing.</p>
<p>This sign-up was made at {{requestedAt}} from the IP address {{clientIp}}.
If that was not you, ignore this message and do not verify.</p>
<p style="color:#555;font-size:.9em">Only the newest sign-up's link works: signing up again with this address
replaces an unverified account's password and profile.</p>
`,
};
