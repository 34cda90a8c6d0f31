const codeOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;

/** SQLSTATE 23505: a unique constraint rejected the row. */
export const isUniqueViolation = (err: unknown) => codeOf(err) === '23505';

/** SQLSTATE 40001 / 40P01: serialization failure or deadlock; the transaction may be retried. */
export const isRetryable = (err: unknown) => codeOf(err) === '40001' || codeOf(err) === '40P01';
