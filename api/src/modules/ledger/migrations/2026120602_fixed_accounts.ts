import { type Kysely, sql } from 'kysely';

/**
 * A posting to accounts the process already knows sends no lookup (account-currencies.ts):
 * that is sound only while an account's tenant and currency never change, so the database
 * now refuses to change them, and a journal line's account must belong to the line's own
 * tenant (a composite foreign key in place of the one on `account_id` alone, which
 * PostgreSQL checks without RLS and so would have accepted another tenant's account).
 * `(tenant_id, id)` was already indexed for tenant-scoped lists; the index is now unique
 * (ids are unique anyway) so that the key can reference it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      CREATE UNIQUE INDEX accounts_tenant_id_id_key ON accounts (tenant_id, id);
      DROP INDEX accounts_tenant_idx;
      ALTER TABLE journal_lines
        ADD CONSTRAINT journal_lines_tenant_account_fkey FOREIGN KEY (tenant_id, account_id)
        REFERENCES accounts (tenant_id, id);
      ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_account_id_fkey;

      CREATE FUNCTION fin_forbid_account_move() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.currency IS DISTINCT FROM OLD.currency THEN
          RAISE EXCEPTION 'an account''s tenant and currency cannot change (account %)', OLD.id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $fn$;
      CREATE TRIGGER accounts_fixed_tenant_currency BEFORE UPDATE OF tenant_id, currency ON accounts
        FOR EACH ROW EXECUTE FUNCTION fin_forbid_account_move();
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
