const codeOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;

/** SQLSTATE 23505: a unique constraint (this one, when named) rejected the row. */
export const isUniqueViolation = (err: unknown, constraint?: string) =>
  codeOf(err) === '23505' &&
  (constraint === undefined || (err as { constraint?: unknown }).constraint === constraint);
