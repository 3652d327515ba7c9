import { objectField, optionalString, stringField, type RestRoute } from '../../rest/route.js';

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

export function bloqProfile(user: ProfileData) {
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

export const userRoutes: RestRoute[] = [
  {
    method: 'POST',
    path: '/users',
    document: `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { ${BLOQ_PROFILE} } }`,
    variables: ({ body }) => {
      const billing = objectField(body, 'billingAddress') ?? {};
      return {
        input: {
          email: stringField(body, 'email'),
          password: stringField(body, 'password'),
          displayName: optionalString(body, 'displayName'),
          name: optionalString(body, 'name'),
          surname: optionalString(body, 'surname'),
          entityType: optionalString(body, 'entityType'),
          address: {
            street: optionalString(billing, 'address'),
            postCode: optionalString(billing, 'zipCode'),
            state: optionalString(billing, 'state'),
            country: optionalString(billing, 'country'),
          },
        },
      };
    },
    status: 201,
    reply: (data) => bloqProfile(data.signUp as ProfileData),
  },
  {
    method: 'PUT',
    path: '/users/:userId/token/:token',
    document: `mutation VerifyEmail($user: String!, $token: String!) { verifyEmail(user: $user, token: $token) }`,
    variables: ({ params }) => ({ user: params.userId, token: params.token }),
    status: 204,
  },
  {
    method: 'GET',
    path: '/users/me',
    document: `query Me { me { ${BLOQ_PROFILE} } }`,
    reply: (data) => bloqProfile(data.me as ProfileData),
  },
  {
    // A person's own data (issue 13), in the Bloq style of /users/me/...
    method: 'GET',
    path: '/users/me/export',
    document: `query ExportMyData { exportMyData }`,
    reply: (data) => data.exportMyData,
  },
  {
    method: 'DELETE',
    path: '/users/me',
    document: `mutation DeleteMyAccount($password: String!, $twofa: String) { deleteMyAccount(password: $password, twofa: $twofa) }`,
    variables: ({ body }) => ({ password: stringField(body, 'password'), twofa: optionalString(body, 'twofa') }),
    status: 204,
  },
];
