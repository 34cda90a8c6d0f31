import { type Kysely, sql } from 'kysely';

/**
 * One call that makes the current transaction act as the app role for a partner and tenant,
 * optionally read-only, with the acting key re-checked for revocation: a request's setup is
 * one statement instead of three. No `SET` clause on the function: it would scope the
 * settings made inside to the call. `SET LOCAL`-style settings from a SECURITY INVOKER
 * function last until the end of the transaction, an implicit one included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      CREATE FUNCTION fin_begin(p_partner text, p_tenant text, p_key_kind text, p_key_id text,
                                p_read_only boolean) RETURNS void
      LANGUAGE plpgsql SECURITY INVOKER AS $fn$
      BEGIN
        PERFORM set_config('role', 'fin_app', true),
                set_config('app.partner_id', p_partner, true),
                set_config('app.tenant_id', coalesce(p_tenant, ''), true);
        IF p_read_only THEN
          PERFORM set_config('transaction_read_only', 'on', true);
        END IF;
        IF p_key_id IS NOT NULL THEN
          PERFORM fin_require_active_key(p_key_kind, p_key_id);
        END IF;
      END
      $fn$;
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
