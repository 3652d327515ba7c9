import { authRoutes } from '../modules/auth/auth.routes.js';
import { eventRoutes } from '../modules/events/event.routes.js';
import { clientKeyRoutes } from '../modules/client-keys/client-key.routes.js';
import { userRoutes } from '../modules/users/user.routes.js';
import { greenCloudRoutes } from '../modules/greencloud/greencloud.routes.js';
import { passwordRoutes } from '../modules/passwords/password.routes.js';
import { twoFactorRoutes } from '../modules/two-factor/two-factor.routes.js';
import { sessionRoutes } from '../modules/sessions/session.routes.js';
import type { RestRoute } from './route.js';

/** Every REST compatibility path (Bloq at the root, GreenCloud under /api). */
export const routes: RestRoute[] = [
  ...userRoutes,
  ...authRoutes,
  ...sessionRoutes,
  ...eventRoutes,
  ...clientKeyRoutes,
  ...passwordRoutes,
  ...twoFactorRoutes,
  ...greenCloudRoutes,
];
