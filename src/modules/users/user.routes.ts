import { z } from 'zod';
import { defineRoute, type RestRoute } from '../../rest/route.js';
import { dateTime, optionalString } from '../../rest/schemas.js';

/** The Bloq profile, field for field and in the document's order. */
const BLOQ_PROFILE = `id email displayName entityType verifiedAt createdAt updatedAt address { street postCode state country }`;

interface ProfileData {
  id: string;
  email: string;
  displayName: string;
  entityType: string;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
  address: { street: string; postCode: string; state: string; country: string };
}

export const bloqProfileSchema = z.object({
  displayName: z.string(),
  entityType: z.string(),
  verifiedAt: dateTime().nullable(),
  updatedAt: dateTime(),
  billingAddress: z.object({ country: z.string(), zipCode: z.string(), address: z.string(), state: z.string() }),
  createdAt: dateTime(),
  email: z.string(),
  id: z.string(),
});

export function bloqProfile(user: ProfileData): z.input<typeof bloqProfileSchema> {
  return {
    displayName: user.displayName,
    entityType: user.entityType,
    verifiedAt: user.verifiedAt,
    updatedAt: user.updatedAt,
    billingAddress: {
      country: user.address.country,
      zipCode: user.address.postCode,
      address: user.address.street,
      state: user.address.state,
    },
    createdAt: user.createdAt,
    email: user.email,
    id: user.id,
  };
}

const signUpBody = z.object({
  email: z.string(),
  password: z.string().meta({ description: 'Must pass the password rules (length, strength).' }),
  displayName: optionalString(),
  name: optionalString(),
  surname: optionalString(),
  entityType: optionalString().meta({ description: 'Defaults to "individual".' }),
  billingAddress: z
    .object({
      address: optionalString(),
      zipCode: optionalString(),
      state: optionalString(),
      country: optionalString(),
    })
    .nullish(),
});

export const userRoutes: RestRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/users',
    tag: 'Bloq',
    summary: 'Sign up; a verification token is mailed to the address',
    auth: 'none',
    document: `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { ${BLOQ_PROFILE} } }`,
    body: signUpBody,
    errors: ['EmailTaken', 'WeakPassword', 'TooManyRequests'],
    example: {
      body: {
        email: 'ann@example.com',
        password: 'Corr3ct!Horse',
        displayName: 'Ann Example',
        billingAddress: { address: '1 Main St', zipCode: '12345', state: 'CA', country: 'US' },
      },
    },
    variables: ({ body }) => {
      const billing = body.billingAddress ?? {};
      return {
        input: {
          email: body.email,
          password: body.password,
          displayName: body.displayName ?? undefined,
          name: body.name ?? undefined,
          surname: body.surname ?? undefined,
          entityType: body.entityType ?? undefined,
          address: {
            street: billing.address ?? undefined,
            postCode: billing.zipCode ?? undefined,
            state: billing.state ?? undefined,
            country: billing.country ?? undefined,
          },
        },
      };
    },
    status: 201,
    replySchema: bloqProfileSchema,
    reply: (data) => bloqProfile(data.signUp as ProfileData),
  }),
  defineRoute({
    method: 'PUT',
    path: '/users/:userId/token/:token',
    tag: 'Bloq',
    summary: 'Verify the email address with the mailed token',
    auth: 'none',
    document: `mutation VerifyEmail($user: String!, $token: String!) { verifyEmail(user: $user, token: $token) }`,
    params: z.object({
      userId: z.string().meta({ description: 'The id sign-up returned (or the email address).' }),
      token: z.string().meta({ description: 'The verification token from the mail.' }),
    }),
    errors: ['UserNotFound', 'UserVerified', 'InvalidVerificationToken', 'VerificationTokenExpired', 'TooManyRequests'],
    example: { params: { userId: 'ann@example.com', token: 'token-from-the-mail' } },
    variables: ({ params }) => ({ user: params.userId, token: params.token }),
    status: 204,
  }),
  defineRoute({
    method: 'GET',
    path: '/users/me',
    tag: 'Bloq',
    summary: 'Your profile',
    auth: 'bearer',
    document: `query Me { me { ${BLOQ_PROFILE} } }`,
    example: {},
    replySchema: bloqProfileSchema,
    reply: (data) => bloqProfile(data.me as ProfileData),
  }),
  defineRoute({
    // A person's own data (issue 13), in the Bloq style of /users/me/...
    method: 'GET',
    path: '/users/me/export',
    tag: 'Bloq',
    summary: 'Everything stored about you, as one JSON document',
    auth: 'bearer',
    document: `query ExportMyData { exportMyData }`,
    example: {},
    replySchema: z.record(z.string(), z.unknown()),
    reply: (data) => data.exportMyData as Record<string, unknown>,
  }),
  defineRoute({
    method: 'DELETE',
    path: '/users/me',
    tag: 'Bloq',
    summary: 'Delete your account',
    auth: 'bearer',
    document: `mutation DeleteMyAccount($password: String!, $twofa: String) { deleteMyAccount(password: $password, twofa: $twofa) }`,
    body: z.object({
      password: z.string(),
      twofa: optionalString().meta({ description: 'A current TOTP or recovery code, when 2FA is on.' }),
    }),
    errors: [
      'InvalidOldPassword',
      'TwoFactorRequired',
      'InvalidTwoFactorCode',
      'PasswordSignInRequired',
      'TooManyRequests',
    ],
    example: { body: { password: 'Corr3ct!Horse' } },
    variables: ({ body }) => ({ password: body.password, twofa: body.twofa ?? undefined }),
    status: 204,
  }),
];
