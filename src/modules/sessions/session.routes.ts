import type { RestRoute } from '../../rest/route.js';

export const sessionRoutes: RestRoute[] = [
  {
    // Bloq style: POST /auth signs in, DELETE /auth with the bearer token signs that session out.
    method: 'DELETE',
    path: '/auth',
    document: `mutation Logout { logout }`,
    status: 204,
  },
];
