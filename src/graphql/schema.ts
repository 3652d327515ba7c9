import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import '../modules/users/user.schema.js';
import '../modules/auth/auth.schema.js';

/** The whole API; schema.graphql is printed from this and a test fails when they drift apart. */
export const schema = lexicographicSortSchema(builder.toSchema());
