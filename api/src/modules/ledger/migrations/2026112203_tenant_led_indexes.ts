import { type Kysely, sql } from 'kysely';

/**
 * Lookups by a parent id on RLS tables also carry the policy's `tenant_id = …` qual, and
 * with only `(tenant_id, …)` indexes and a `(parent_id, …)` one, PostgreSQL planned a
 * BitmapAnd that read the whole tenant's slice of the first: the balance check of every
 * posting scanned all of the tenant's journal lines (1.5 ms at 46 000 lines, growing with the
 * ledger). Indexes that lead with the tenant and then the parent answer both quals at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      CREATE INDEX journal_lines_entry_idx ON journal_lines (tenant_id, journal_entry_id, line_no);
      CREATE INDEX journal_entries_reverses_idx ON journal_entries (tenant_id, reverses_id);
      CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (tenant_id, invoice_id, line_no);

      CREATE OR REPLACE FUNCTION fin_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM journal_lines
          WHERE tenant_id = NEW.tenant_id AND journal_entry_id = NEW.journal_entry_id
          GROUP BY currency
          HAVING sum(CASE WHEN direction = 'debit' THEN amount ELSE -amount END) <> 0
        ) THEN
          RAISE EXCEPTION 'journal entry % is unbalanced', NEW.journal_entry_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END
      $fn$;
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
