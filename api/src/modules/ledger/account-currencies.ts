/**
 * The currency of each account a posting has used, remembered per process so that a
 * posting to known accounts needs no lookup of its own: the insert, the outbox record and
 * COMMIT then travel as one message, and a posting is one round trip instead of two
 * (api/bench/README.md).
 *
 * Sound because what it remembers never changes: an account is never deleted (the app role
 * has no DELETE on accounts) and its tenant and currency are fixed (the database refuses
 * to change them: migration 2026120602). Entries are keyed by tenant and account and added
 * only from a lookup made under the tenant's RLS, after that transaction committed, so a
 * tenant never learns of another tenant's account; the composite foreign key of
 * journal_lines to accounts (tenant_id, account_id) holds the same line in the database.
 */
const MAX_ENTRIES = 50_000;

const known = new Map<string, string>();

const keyOf = (tenantId: string, accountId: string) => `${tenantId}\n${accountId}`;

export function knownCurrency(tenantId: string, accountId: string): string | undefined {
  return known.get(keyOf(tenantId, accountId));
}

export function rememberCurrency(tenantId: string, accountId: string, currency: string): void {
  // Oldest first out: a Map iterates in insertion order.
  if (known.size >= MAX_ENTRIES) {
    const oldest = known.keys().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
  known.set(keyOf(tenantId, accountId), currency);
}
