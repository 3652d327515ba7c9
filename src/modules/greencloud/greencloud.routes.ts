import { stringField, type RestRoute } from '../../rest/route.js';

interface AccountData {
  id: string;
  email: string;
  name: string;
  surname: string;
  address: { company: string; street: string; district: string; city: string; postCode: string; country: string };
  twofaEnabled: boolean;
  apiKey: string;
  bundle: { name: string; quota: number };
}

/** GreenCloud's account, field for field and in its document's order. */
export function greenCloudAccount(user: AccountData) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    surname: user.surname,
    address: {
      company: user.address.company,
      street: user.address.street,
      district: user.address.district,
      city: user.address.city,
      postCode: user.address.postCode,
      country: user.address.country,
    },
    twofa: user.twofaEnabled,
    apiKey: user.apiKey,
    bundle: { name: user.bundle.name, quota: user.bundle.quota },
  };
}

export const greenCloudRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/api/user',
    document: `query GreenCloudAccount {
      me { id email name surname address { company street district city postCode country } twofaEnabled apiKey bundle { name quota } }
    }`,
    reply: (data) => greenCloudAccount(data.me as AccountData),
  },
  {
    method: 'POST',
    path: '/api/auth/apiKey',
    document: `mutation LoginWithApiKey($key: String!) { loginWithApiKey(key: $key) { accessToken } }`,
    variables: (req) => ({ key: stringField(req.body, 'key') }),
    reply: (data) => ({ accessToken: (data.loginWithApiKey as { accessToken: string }).accessToken }),
  },
];
