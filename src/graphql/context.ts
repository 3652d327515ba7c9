import type { PrismaClient } from '../generated/prisma/client.js';
import type { Attribution, Credentials } from '../modules/auth/credentials.js';
import type { Services } from '../services.js';

/** What the HTTP layer hands to every GraphQL execution (Yoga's server context). */
export interface RequestContext {
  requestId: string;
  /** The caller's address, from the socket or a trusted proxy's X-Forwarded-For. */
  clientIp: string;
  /** Filled in as credentials are checked; the audit trail reads it after the response. */
  attribution: Attribution;
  /** GraphQL operation names run for this HTTP request (the REST shim runs one inside). */
  operationNames: string[];
  /** The REST route template the shim matched; the audit trail keeps secret path params as placeholders. */
  route?: string;
}

export interface GraphQLContext extends RequestContext {
  request: Request;
  prisma: PrismaClient;
  services: Services;
  credentials: Credentials;
}
