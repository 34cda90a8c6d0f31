const codeOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;

/** SQLSTATE 23505: a unique constraint rejected the row. */
export const isUniqueViolation = (err: unknown) => codeOf(err) === '23505';
