import { optionalString, stringField, type RestRequest, type RestRoute } from '../../rest/route.js';
import { twofaFrom } from '../two-factor/two-factor.routes.js';

const CHANGE = `mutation ChangePassword($newPassword: String!, $oldPassword: String, $twofa: String) {
  changePassword(newPassword: $newPassword, oldPassword: $oldPassword, twofa: $twofa) { accessToken }
}`;

const RESET = `mutation ResetPassword($code: String!, $password: String!, $twofa: String, $email: String) {
  resetPassword(code: $code, password: $password, twofa: $twofa, email: $email)
}`;

// GreenCloud documents the reset as a GET with a JSON body (src/http/server.ts lets it through);
// PUT and POST /api/user/setPassword take the same body for clients that cannot send one.
const resetRoute = (method: 'GET' | 'PUT' | 'POST', path: string): RestRoute => ({
  method,
  path,
  document: RESET,
  variables: (req: RestRequest) => ({
    code: stringField(req.body, 'code'),
    password: stringField(req.body, 'password'),
    twofa: twofaFrom(req),
    email: optionalString(req.body, 'email'),
  }),
  status: 204,
});

export const passwordRoutes: RestRoute[] = [
  {
    // Bloq: the old password is required. The caller's token keeps working (Bloq's CLI goes on
    // with it); the answer also carries a fresh token for the same session.
    method: 'PUT',
    path: '/users/me/password',
    document: CHANGE,
    variables: (req) => ({
      oldPassword: stringField(req.body, 'oldPassword'),
      newPassword: stringField(req.body, 'newPassword'),
      twofa: twofaFrom(req),
    }),
    reply: (data) => ({ accessToken: (data.changePassword as { accessToken: string }).accessToken }),
  },
  {
    method: 'PUT',
    path: '/api/user/password',
    document: CHANGE,
    variables: (req) => ({ newPassword: stringField(req.body, 'password'), twofa: twofaFrom(req) }),
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/user/resetPassword',
    document: `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`,
    variables: (req) => ({ email: stringField(req.body, 'email') }),
    status: 204,
  },
  resetRoute('GET', '/api/user/resetPassword'),
  resetRoute('PUT', '/api/user/resetPassword'),
  resetRoute('POST', '/api/user/setPassword'),
];
