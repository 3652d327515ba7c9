/** True for a unique-constraint violation, whichever driver adapter reported it. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta, cause } = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { kind?: string } } };
    cause?: unknown;
  };
  if (code === 'P2002' || code === '23505') return true;
  if (meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation') return true;
  return cause !== undefined && cause !== error && isUniqueViolation(cause);
}
