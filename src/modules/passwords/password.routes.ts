import { z } from 'zod';
import { defineRoute, type RestRoute } from '../../rest/route.js';
import { accessTokenReply, optionalString } from '../../rest/schemas.js';
import { twofaCode, twofaFrom, TWOFA_HEADER } from '../two-factor/two-factor.routes.js';

const CHANGE = `mutation ChangePassword($newPassword: String!, $oldPassword: String, $twofa: String) {
  changePassword(newPassword: $newPassword, oldPassword: $oldPassword, twofa: $twofa) { accessToken }
}`;

const RESET = `mutation ResetPassword($code: String!, $password: String!, $twofa: String, $email: String) {
  resetPassword(code: $code, password: $password, twofa: $twofa, email: $email)
}`;

const CHANGE_ERRORS = [
  'InvalidOldPassword',
  'SamePassword',
  'WeakPassword',
  'TwoFactorRequired',
  'InvalidTwoFactorCode',
  'PasswordSignInRequired',
  'TooManyRequests',
] as const;

const resetBody = z.object({
  code: z.string().meta({ description: 'The reset code from the mail.' }),
  password: z.string().meta({ description: 'The new password.' }),
  twofa: twofaCode(),
  email: optionalString().meta({ description: 'The account the code was sent to.' }),
});

// GreenCloud documents the reset as a GET with a JSON body (src/http/server.ts lets it through);
// PUT and POST /api/user/setPassword take the same body for clients that cannot send one.
const resetRoute = (method: 'GET' | 'PUT' | 'POST', path: string): RestRoute =>
  defineRoute({
    method,
    path,
    tag: 'GreenCloud',
    summary: 'Set a new password with the mailed reset code',
    description:
      method === 'GET' ? 'GreenCloud sends this GET with a JSON body; prefer PUT for clients that cannot.' : undefined,
    auth: 'none',
    document: RESET,
    body: resetBody,
    requestHeaderDocs: TWOFA_HEADER,
    errors: [
      'InvalidResetCode',
      'ResetCodeExpired',
      'WeakPassword',
      'TwoFactorRequired',
      'InvalidTwoFactorCode',
      'TooManyRequests',
    ],
    example: { body: { code: 'code-from-the-mail', password: 'N3w!passphrase', email: 'ann@example.com' } },
    variables: ({ body, headers }) => ({
      code: body.code,
      password: body.password,
      twofa: twofaFrom(body.twofa, headers),
      email: body.email ?? undefined,
    }),
    status: 204,
  });

export const passwordRoutes: RestRoute[] = [
  defineRoute({
    // Bloq: the old password is required. The caller's token keeps working (Bloq's CLI goes on
    // with it); the answer also carries a fresh token for the same session.
    method: 'PUT',
    path: '/users/me/password',
    tag: 'Bloq',
    summary: 'Change your password; answers a fresh token for the same session',
    auth: 'bearer',
    document: CHANGE,
    body: z.object({ oldPassword: z.string(), newPassword: z.string(), twofa: twofaCode() }),
    requestHeaderDocs: TWOFA_HEADER,
    errors: [...CHANGE_ERRORS],
    example: { body: { oldPassword: 'Corr3ct!Horse', newPassword: 'N3w!passphrase' } },
    variables: ({ body, headers }) => ({
      oldPassword: body.oldPassword,
      newPassword: body.newPassword,
      twofa: twofaFrom(body.twofa, headers),
    }),
    replySchema: accessTokenReply,
    reply: (data) => ({ accessToken: (data.changePassword as { accessToken: string }).accessToken }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/user/password',
    tag: 'GreenCloud',
    summary: 'Change your password (GreenCloud: no old password, a fresh sign-in is required)',
    auth: 'bearer',
    document: CHANGE,
    body: z.object({ password: z.string().meta({ description: 'The new password.' }), twofa: twofaCode() }),
    requestHeaderDocs: TWOFA_HEADER,
    errors: [...CHANGE_ERRORS],
    example: { body: { password: 'N3w!passphrase' } },
    variables: ({ body, headers }) => ({ newPassword: body.password, twofa: twofaFrom(body.twofa, headers) }),
    status: 204,
  }),
  defineRoute({
    method: 'POST',
    path: '/api/user/resetPassword',
    tag: 'GreenCloud',
    summary: 'Mail a password reset code (answers 204 whether or not the account exists)',
    auth: 'none',
    document: `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`,
    body: z.object({ email: z.string() }),
    errors: ['TooManyRequests'],
    example: { body: { email: 'ann@example.com' } },
    variables: ({ body }) => ({ email: body.email }),
    status: 204,
  }),
  resetRoute('GET', '/api/user/resetPassword'),
  resetRoute('PUT', '/api/user/resetPassword'),
  resetRoute('POST', '/api/user/setPassword'),
];
