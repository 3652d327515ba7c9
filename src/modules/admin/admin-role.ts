import type { PrismaClient } from '../../generated/prisma/client.js';

export interface AdminRoleChange {
  userId: string;
  email: string;
  isAdmin: boolean;
  /** false when the account already had the asked-for role. */
  changed: boolean;
}

/**
 * Makes or unmakes an administrator. Only the shell command calls this (as with Keycloak's
 * bootstrap admin): no API can grant the role, so a stolen account cannot promote itself.
 * Returns undefined when no account has that email.
 */
export async function setAdminRole(
  prisma: PrismaClient,
  email: string,
  isAdmin: boolean,
): Promise<AdminRoleChange | undefined> {
  const user = await prisma.user.findUnique({ where: { emailKey: email.trim().toLowerCase() } });
  if (!user) return undefined;
  if (user.isAdmin !== isAdmin) await prisma.user.update({ where: { id: user.id }, data: { isAdmin } });
  return { userId: user.id, email: user.email, isAdmin, changed: user.isAdmin !== isAdmin };
}
