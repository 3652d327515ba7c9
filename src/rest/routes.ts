import { authRoutes } from '../modules/auth/auth.routes.js';
import { userRoutes } from '../modules/users/user.routes.js';
import type { RestRoute } from './route.js';

/** Every REST compatibility path (Bloq at the root, GreenCloud under /api). */
export const routes: RestRoute[] = [...userRoutes, ...authRoutes];
