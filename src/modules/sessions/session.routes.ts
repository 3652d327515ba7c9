import { defineRoute, type RestRoute } from '../../rest/route.js';

export const sessionRoutes: RestRoute[] = [
  defineRoute({
    // Bloq style: POST /auth signs in, DELETE /auth with the bearer token signs that session out.
    method: 'DELETE',
    path: '/auth',
    tag: 'Bloq',
    summary: 'Log out: ends the session of the bearer token',
    auth: 'bearer',
    document: `mutation Logout { logout }`,
    example: {},
    status: 204,
  }),
];
