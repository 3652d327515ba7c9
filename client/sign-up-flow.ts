import { LoginDocument, MeDocument, SignUpDocument, VerifyEmailDocument } from './generated/graphql.js';
import { request } from './request.js';

/** The whole newcomer flow, typed end to end; the verification token comes from the email. */
export async function signUpFlow(endpoint: string, email: string, password: string, readToken: () => Promise<string>) {
  const { signUp } = await request(endpoint, SignUpDocument, { input: { email, password } });
  await request(endpoint, VerifyEmailDocument, { user: signUp.id, token: await readToken() });
  const { login } = await request(endpoint, LoginDocument, { username: email, password });
  const { me } = await request(endpoint, MeDocument, {}, login.accessToken);
  return { id: me.id, verified: me.verifiedAt !== null, token: login.accessToken };
}
