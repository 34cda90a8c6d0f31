import { type Kysely, sql } from 'kysely';

/**
 * A posting wrote 15 index entries and ran 7 foreign-key checks, 3 of them on the tenant's
 * one `tenants` row, which every concurrent posting of the tenant locks (KEY SHARE, turned
 * into a growing multixact under load). This trims both without weakening a rule
 * (api/bench/README.md):
 *
 * - A journal line's entry is checked together with its tenant, by a composite key to
 *   `journal_entries (tenant_id, id)`, in place of one key to the entry and one to
 *   `tenants`: the line's tenant must be its entry's tenant, which nothing checked before,
 *   and the entry's own key to `tenants` still holds the tenant. That needs
 *   `(tenant_id, id)` unique; it was already indexed, ids are unique anyway.
 * - `(tenant_id, journal_entry_id, line_no)` becomes the unique key of a line's number
 *   within its entry, and the same rule on `(journal_entry_id, line_no)` goes: one index
 *   per line instead of two.
 * - Only reversals have `reverses_id`; the unique rule on it and the tenant-led index now
 *   leave out the NULLs of every other entry (PostgreSQL indexed them all).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      DROP INDEX journal_entries_tenant_idx;
      CREATE UNIQUE INDEX journal_entries_tenant_idx ON journal_entries (tenant_id, id);
      ALTER TABLE journal_lines
        ADD CONSTRAINT journal_lines_tenant_entry_fkey FOREIGN KEY (tenant_id, journal_entry_id)
        REFERENCES journal_entries (tenant_id, id),
        DROP CONSTRAINT journal_lines_journal_entry_id_fkey,
        DROP CONSTRAINT journal_lines_tenant_id_fkey;

      DROP INDEX journal_lines_entry_idx;
      CREATE UNIQUE INDEX journal_lines_entry_idx
        ON journal_lines (tenant_id, journal_entry_id, line_no);
      ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_journal_entry_id_line_no_key;

      ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_reverses_id_key;
      CREATE UNIQUE INDEX journal_entries_reverses_id_key ON journal_entries (reverses_id)
        WHERE reverses_id IS NOT NULL;
      DROP INDEX journal_entries_reverses_idx;
      CREATE INDEX journal_entries_reverses_idx ON journal_entries (tenant_id, reverses_id)
        WHERE reverses_id IS NOT NULL;
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
