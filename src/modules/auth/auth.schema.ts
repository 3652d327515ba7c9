import { builder } from '../../graphql/builder.js';
import type { LoginTarget } from '../../graphql/policy/field-policy.js';
import type { Services } from '../../services.js';
import { sessionOrigin } from '../sessions/session-origin.js';

/** An issued account token, and whose it is (for the audit trail; not part of the schema). */
export interface AccessTokenShape {
  accessToken: string;
  expiresAt: Date;
  userId: string;
}

export const AccessToken = builder.objectRef<AccessTokenShape>('AccessToken').implement({
  fields: (t) => ({
    accessToken: t.exposeString('accessToken', {
      description: 'Compact JWS; send it as `Authorization: Bearer <token>`.',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

export const accessToken = (result: { token: string; expiresAt: Date; user: { id: string } }): AccessTokenShape => ({
  accessToken: result.token,
  expiresAt: result.expiresAt,
  userId: result.user.id,
});

// Counted per account, not per spelling: the email and the user id of one user are one target.
async function passwordLoginTarget(args: { username: string }, services: Services): Promise<LoginTarget> {
  const user = await services.users.findByRef(args.username);
  return user ? { key: user.id, userId: user.id } : { key: args.username.trim().toLowerCase() };
}

builder.mutationField('login', (t) =>
  t.field({
    type: AccessToken,
    description:
      'Exchanges email (or user id) and password for a 12-hour account access token. Errors: InvalidCredentials, UserNotVerified, TwoFactorRequired, InvalidTwoFactorCode.',
    args: {
      username: t.arg.string({ required: true, description: 'Email or user id.' }),
      password: t.arg.string({ required: true }),
      twofa: t.arg.string({ required: false, description: 'Current TOTP or recovery code, when 2FA is on.' }),
    },
    policy: {
      caller: 'anyone',
      strength: 'any',
      limit: 'RATE_LIMIT_LOGIN',
      guess: true,
      lockout: {
        target: passwordLoginTarget,
        failure: 'InvalidCredentials',
        proven: ['UserNotVerified', 'TwoFactorRequired', 'InvalidTwoFactorCode'],
      },
      audit: { subject: { after: (token) => token.userId } },
    },
    resolve: async (_root, args, ctx) => accessToken(await ctx.services.login.login(args, sessionOrigin(ctx))),
  }),
);
