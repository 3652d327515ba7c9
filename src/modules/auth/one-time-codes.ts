import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import { sameDigest, sha256 } from '../../shared/ids.js';

export type CodePurpose = 'verify_email' | 'reset_password';
export type CodeCheck = 'ok' | 'invalid' | 'expired';

type Tx = Prisma.TransactionClient;

/**
 * Single-use codes stored only as SHA-256 (they are random, so a slow hash buys nothing).
 * Issuing retires every older live code of the same purpose: only the newest works.
 */
export async function issueCode(tx: Tx, userId: string, purpose: CodePurpose, code: string, ttlSeconds: number) {
  const now = new Date();
  await tx.oneTimeCode.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await tx.oneTimeCode.create({
    data: {
      id: randomUUID(),
      userId,
      purpose,
      codeHash: sha256(code),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    },
  });
}

/**
 * Checks a code against the user's newest live one; a right one is marked used by a conditional
 * update, so two racing requests cannot both spend it. A wrong code changes nothing: counting
 * wrong tries against the code would let anyone who knows a user id or an email void the
 * owner's token. The codes' entropy (UUID v4, 128-bit hex) and the per-IP limits stop guessing.
 * Run it in the transaction that applies the code's effect.
 */
export async function consumeCode(tx: Tx, userId: string, purpose: CodePurpose, code: string): Promise<CodeCheck> {
  const live = await tx.oneTimeCode.findFirst({
    where: { userId, purpose, usedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  if (!live || !sameDigest(sha256(code), live.codeHash)) return 'invalid';
  // Expiry only after a match, so a wrong guess cannot tell that a recent code exists.
  if (live.expiresAt.getTime() <= Date.now()) return 'expired';
  const spent = await tx.oneTimeCode.updateMany({
    where: { id: live.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  return spent.count === 1 ? 'ok' : 'invalid';
}
