import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import '../modules/users/user.schema.js';
import '../modules/auth/auth.schema.js';
import '../modules/events/event.schema.js';
import '../modules/users/profile.schema.js';
import '../modules/passwords/password.schema.js';
import '../modules/two-factor/two-factor.schema.js';
import '../modules/greencloud/greencloud.schema.js';
import '../modules/client-keys/client-key.schema.js';
import '../modules/sessions/session.schema.js';
import '../modules/admin/admin.schema.js';
import '../modules/account-data/account-data.schema.js';
import '../modules/webhooks/webhook.schema.js';

/** The whole API; schema.graphql is printed from this and a test fails when they drift apart. */
export const schema = lexicographicSortSchema(builder.toSchema());
