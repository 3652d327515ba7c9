import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const newUserId = () => `user-${randomUUID()}`;
export const newEventId = () => `event-${randomUUID()}`;
export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** SHA-256 hex: for high-entropy secrets (tokens, codes, client secrets), where a slow hash buys nothing. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const USER_ID = /^user-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
