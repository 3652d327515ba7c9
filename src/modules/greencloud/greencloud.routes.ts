import { z } from 'zod';
import { defineRoute, type RestRoute } from '../../rest/route.js';
import { accessTokenReply } from '../../rest/schemas.js';

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
export const greenCloudAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  surname: z.string(),
  address: z.object({
    company: z.string(),
    street: z.string(),
    district: z.string(),
    city: z.string(),
    postCode: z.string(),
    country: z.string(),
  }),
  twofa: z.boolean(),
  apiKey: z.string(),
  bundle: z.object({ name: z.string(), quota: z.number() }),
});

export function greenCloudAccount(user: AccountData): z.input<typeof greenCloudAccountSchema> {
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
  defineRoute({
    method: 'GET',
    path: '/api/user',
    tag: 'GreenCloud',
    summary: 'Your GreenCloud account, with the API key',
    auth: 'bearer',
    document: `query GreenCloudAccount {
      me { id email name surname address { company street district city postCode country } twofaEnabled apiKey bundle { name quota } }
    }`,
    example: {},
    replySchema: greenCloudAccountSchema,
    reply: (data) => greenCloudAccount(data.me as AccountData),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/apiKey',
    tag: 'GreenCloud',
    summary: 'Log in with the API key',
    auth: 'none',
    document: `mutation LoginWithApiKey($key: String!) { loginWithApiKey(key: $key) { accessToken } }`,
    body: z.object({ key: z.string().meta({ description: 'The API key GET /api/user shows.' }) }),
    errors: ['InvalidApiKey', 'AccountDisabled', 'TooManyRequests'],
    example: { body: { key: 'your-api-key' } },
    variables: ({ body }) => ({ key: body.key }),
    replySchema: accessTokenReply,
    reply: (data) => ({ accessToken: (data.loginWithApiKey as { accessToken: string }).accessToken }),
  }),
];
