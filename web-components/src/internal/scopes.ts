/** A scope the elements check: `<resource>:read` or `<resource>:write`. */
export type Scope = `${string}:${'read' | 'write'}`;

/**
 * Splits the provider's `scopes` attribute (space- or comma-separated, as minted).
 * `undefined` when the host did not say: the elements then show every action and let the
 * API decide.
 *
 * @example
 * ```ts
 * parseScopes('invoices:write, customers:read'); // ['invoices:write', 'customers:read']
 * ```
 */
export function parseScopes(value: string | null | undefined): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  return value.split(/[\s,]+/).filter((s) => s !== '');
}

/**
 * Whether `scopes` allow `needed`; `write` implies `read`. Unknown scopes allow everything.
 *
 * @example
 * ```ts
 * allows(['invoices:write'], 'invoices:read'); // true
 * allows(['invoices:read'], 'invoices:write'); // false
 * ```
 */
export function allows(scopes: readonly string[] | undefined, needed: Scope): boolean {
  if (scopes === undefined) return true;
  if (scopes.includes(needed)) return true;
  const [resource, access] = needed.split(':');
  return access === 'read' && scopes.includes(`${resource}:write`);
}
