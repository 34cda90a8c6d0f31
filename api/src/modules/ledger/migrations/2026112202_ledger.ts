import { type Kysely, sql } from 'kysely';
import { protectTenantTable } from '../../../platform/db/migrations/rls.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      CREATE TABLE accounts (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        code text NOT NULL,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
        currency char(3) NOT NULL,
        description text,
        system_role text,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, code),
        UNIQUE (tenant_id, system_role, currency)
      );
      CREATE INDEX accounts_tenant_idx ON accounts (tenant_id, id);

      -- Posted totals per account, spread over slots: a posting adds to one random slot, a
      -- read sums them, so concurrent postings to a busy account rarely wait for each other.
      CREATE TABLE account_balances (
        tenant_id text NOT NULL REFERENCES tenants(id),
        account_id text NOT NULL REFERENCES accounts(id),
        slot smallint NOT NULL,
        debits bigint NOT NULL DEFAULT 0,
        credits bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, slot)
      );

      CREATE TABLE journal_entries (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        date date NOT NULL,
        description text,
        reverses_id text UNIQUE REFERENCES journal_entries(id),
        source_type text,
        source_id text,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL
      );
      CREATE INDEX journal_entries_tenant_idx ON journal_entries (tenant_id, id);
      CREATE INDEX journal_entries_date_idx ON journal_entries (tenant_id, date);

      CREATE TABLE journal_lines (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        journal_entry_id text NOT NULL REFERENCES journal_entries(id),
        line_no integer NOT NULL,
        account_id text NOT NULL REFERENCES accounts(id),
        direction text NOT NULL CHECK (direction IN ('debit', 'credit')),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        UNIQUE (journal_entry_id, line_no)
      );
      CREATE INDEX journal_lines_account_idx ON journal_lines (tenant_id, account_id);

      -- Posted entries are immutable for everyone, the owner included: reverse, never edit.
      CREATE FUNCTION fin_forbid_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'posted journal entries are immutable; post a reversal instead'
          USING ERRCODE = 'restrict_violation';
      END
      $fn$;
      CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
        FOR EACH ROW EXECUTE FUNCTION fin_forbid_ledger_change();
      CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
        FOR EACH STATEMENT EXECUTE FUNCTION fin_forbid_ledger_change();
      CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines
        FOR EACH ROW EXECUTE FUNCTION fin_forbid_ledger_change();
      CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
        FOR EACH STATEMENT EXECUTE FUNCTION fin_forbid_ledger_change();

      -- Debits equal credits per currency for every entry, checked at commit.
      CREATE FUNCTION fin_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM journal_lines
          WHERE journal_entry_id = NEW.journal_entry_id
          GROUP BY currency
          HAVING sum(CASE WHEN direction = 'debit' THEN amount ELSE -amount END) <> 0
        ) THEN
          RAISE EXCEPTION 'journal entry % is unbalanced', NEW.journal_entry_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END
      $fn$;
      CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fin_check_entry_balanced();

      CREATE TABLE customers (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        name text NOT NULL,
        email text,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX customers_tenant_idx ON customers (tenant_id, id);

      CREATE TABLE invoices (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        customer_id text NOT NULL REFERENCES customers(id),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void')),
        due_date date,
        subtotal bigint NOT NULL,
        tax bigint NOT NULL,
        total bigint NOT NULL,
        amount_paid bigint NOT NULL DEFAULT 0 CHECK (amount_paid >= 0 AND amount_paid <= total),
        finalized_entry_id text REFERENCES journal_entries(id),
        void_entry_id text REFERENCES journal_entries(id),
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        finalized_at timestamptz,
        paid_at timestamptz,
        voided_at timestamptz
      );
      CREATE INDEX invoices_tenant_idx ON invoices (tenant_id, id);
      CREATE INDEX invoices_status_idx ON invoices (tenant_id, status, id);
      CREATE INDEX invoices_customer_idx ON invoices (tenant_id, customer_id, id);

      CREATE TABLE invoice_lines (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        invoice_id text NOT NULL REFERENCES invoices(id),
        line_no integer NOT NULL,
        description text NOT NULL,
        quantity bigint NOT NULL CHECK (quantity > 0),
        unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
        tax_rate_bps integer NOT NULL CHECK (tax_rate_bps >= 0),
        amount bigint NOT NULL,
        tax bigint NOT NULL,
        UNIQUE (invoice_id, line_no)
      );

      CREATE TABLE payments (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        invoice_id text NOT NULL REFERENCES invoices(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        date date NOT NULL,
        journal_entry_id text NOT NULL REFERENCES journal_entries(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX payments_invoice_idx ON payments (tenant_id, invoice_id);
    `)
    .execute(db);

  await protectTenantTable(db, 'accounts', 'SELECT, INSERT, UPDATE');
  await protectTenantTable(db, 'account_balances', 'SELECT, INSERT, UPDATE');
  // Journals are insert-only for the app role; the triggers above stop everyone else.
  await protectTenantTable(db, 'journal_entries', 'SELECT, INSERT');
  await protectTenantTable(db, 'journal_lines', 'SELECT, INSERT');
  await protectTenantTable(db, 'customers', 'SELECT, INSERT, UPDATE');
  await protectTenantTable(db, 'invoices', 'SELECT, INSERT, UPDATE');
  await protectTenantTable(db, 'invoice_lines', 'SELECT, INSERT');
  await protectTenantTable(db, 'payments', 'SELECT, INSERT');
}

export async function down(): Promise<void> {
  throw new Error('The ledger migration cannot be reverted');
}
