import { type Kysely, sql } from 'kysely';
import { APP_ROLE } from './rls.js';

/**
 * fin_begin runs ahead of every query of every request, so each microsecond of it counts
 * (api/bench/README.md). Both functions are restated without a `SET` clause (CREATE OR
 * REPLACE drops the old one):
 * `SET search_path FROM CURRENT` on fin_require_active_key made every call save, set and
 * restore the setting (and recompute the search path) for nothing, since SECURITY INVOKER
 * functions read only what their caller may read and fin_begin, which calls it, resolves
 * names through the caller's search path anyway. The settings are made in one statement.
 * The key check itself is unchanged: as the app role, under RLS, in the request's own
 * transaction, so a revocation takes effect at once on every node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      CREATE OR REPLACE FUNCTION fin_require_active_key(p_kind text, p_key_id text) RETURNS void
      LANGUAGE plpgsql SECURITY INVOKER AS $fn$
      BEGIN
        IF p_kind = 'partner' THEN
          PERFORM 1 FROM partner_keys WHERE id = p_key_id AND revoked_at IS NULL;
        ELSIF p_kind = 'embed' THEN
          PERFORM 1 FROM embed_tokens e
           WHERE e.id = p_key_id AND e.expires_at > now()
             AND fin_minting_key_active(e.minted_by_kind, e.minted_by_key_id);
        ELSE
          PERFORM 1 FROM api_keys WHERE id = p_key_id AND revoked_at IS NULL;
        END IF;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'api key % is revoked', p_key_id USING ERRCODE = 'FN401';
        END IF;
      END
      $fn$;

      CREATE OR REPLACE FUNCTION fin_begin(p_partner text, p_tenant text, p_key_kind text,
                                           p_key_id text, p_read_only boolean) RETURNS void
      LANGUAGE plpgsql SECURITY INVOKER AS $fn$
      BEGIN
        PERFORM set_config('role', '${APP_ROLE}', true),
                set_config('app.partner_id', p_partner, true),
                set_config('app.tenant_id', coalesce(p_tenant, ''), true),
                CASE WHEN p_read_only THEN set_config('transaction_read_only', 'on', true) END;
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
