import type { User } from '../../generated/prisma/client.js';

/** The postal address an account stores in its own columns, as one object. */
export function addressOf(user: User) {
  return {
    company: user.company,
    street: user.street,
    district: user.district,
    city: user.city,
    state: user.state,
    postCode: user.postCode,
    country: user.country,
  };
}
