import { type PrismaClient, type Session, type User } from '../../generated/prisma/client.js';

/**
 * Every field of a model and its column. A field the schema gains is a type error here until it
 * is listed, so the lookup below never returns a row missing one.
 */
type Columns<T> = { [K in keyof T]-?: string };

const SESSION: Columns<Session> = {
  id: 'id',
  userId: 'user_id',
  method: 'method',
  createdAt: 'created_at',
  lastUsedAt: 'last_used_at',
  ip: 'ip',
  userAgent: 'user_agent',
  expiresAt: 'expires_at',
  endedAt: 'ended_at',
};

const USER: Columns<User> = {
  id: 'id',
  email: 'email',
  emailKey: 'email_key',
  passwordHash: 'password_hash',
  displayName: 'display_name',
  name: 'name',
  surname: 'surname',
  entityType: 'entity_type',
  company: 'company',
  street: 'street',
  district: 'district',
  city: 'city',
  state: 'state',
  postCode: 'post_code',
  country: 'country',
  verifiedAt: 'verified_at',
  tokenVersion: 'token_version',
  apiKey: 'api_key',
  bundleName: 'bundle_name',
  bundleQuota: 'bundle_quota',
  totpSecret: 'totp_secret',
  totpPendingSecret: 'totp_pending_secret',
  totpEnabledAt: 'totp_enabled_at',
  totpLastStep: 'totp_last_step',
  isAdmin: 'is_admin',
  disabledAt: 'disabled_at',
  locale: 'locale',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const select = (alias: string, columns: Record<string, string>, prefix: string) =>
  Object.entries(columns).map(([field, column]) => `${alias}."${column}" AS "${prefix}${field}"`);

// One fixed statement: the session and its user by primary key, joined in the database.
const LOOKUP = `SELECT ${[...select('s', SESSION, 's_'), ...select('u', USER, 'u_')].join(', ')}
  FROM "sessions" s JOIN "users" u ON u."id" = s."user_id" WHERE s."id" = $1`;

function pick<T>(row: Record<string, unknown>, columns: Columns<T>, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(columns)) out[field] = row[prefix + field];
  return out as T;
}

/**
 * The session with its user, as `findUnique({ include: { user: true } })` returns them, through
 * one raw statement: the lookup runs on every authenticated request, and Prisma's query building
 * and nested-JSON decoding of the relation cost more than the query itself.
 */
export async function sessionWithUser(
  prisma: PrismaClient,
  id: string,
): Promise<(Session & { user: User }) | undefined> {
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(LOOKUP, id);
  const row = rows[0];
  if (!row) return undefined;
  return { ...pick(row, SESSION, 's_'), user: pick(row, USER, 'u_') };
}
