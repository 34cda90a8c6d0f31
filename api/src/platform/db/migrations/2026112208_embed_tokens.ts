import { type Kysely, sql } from 'kysely';
import { APP_ROLE, currentTenant } from './rls.js';

/**
 * Embed tokens: short-lived browser credentials minted by a secret key. A token holds the
 * minting key's role and a subset of its permissions (scopes), is found by its hash like an
 * API key, and stops working when it expires or when the key that minted it is revoked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      CREATE TABLE embed_tokens (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        minted_by_kind text NOT NULL CHECK (minted_by_kind IN ('partner', 'tenant')),
        minted_by_key_id text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        role text NOT NULL,
        scopes text[] NOT NULL,
        allowed_origins text[] NOT NULL DEFAULT '{}',
        subject text,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX embed_tokens_tenant_expiry ON embed_tokens (tenant_id, expires_at);
      ALTER TABLE embed_tokens ENABLE ROW LEVEL SECURITY;
      ALTER TABLE embed_tokens FORCE ROW LEVEL SECURITY;
      CREATE POLICY embed_tokens_tenant_isolation ON embed_tokens
        USING (tenant_id = ${currentTenant}
               OR token_hash = NULLIF(current_setting('app.key_hash', true), ''))
        WITH CHECK (tenant_id = ${currentTenant});
      GRANT SELECT, INSERT ON embed_tokens TO ${APP_ROLE};

      -- Resolves a token by its hash as the app role, in one round trip (like fin_authenticate).
      CREATE FUNCTION fin_authenticate_embed(p_hash text)
      RETURNS TABLE (key_id text, partner_id text, tenant_id text, role text, revoked boolean,
                     scopes text[], allowed_origins text[], expires_at timestamptz)
      LANGUAGE plpgsql SECURITY INVOKER SET search_path FROM CURRENT AS $fn$
      DECLARE
        t embed_tokens%ROWTYPE;
        t_partner text;
      BEGIN
        PERFORM set_config('role', '${APP_ROLE}', true);
        PERFORM set_config('app.key_hash', p_hash, true);
        SELECT * INTO t FROM embed_tokens e WHERE e.token_hash = p_hash;
        IF t.id IS NULL THEN RETURN; END IF;
        PERFORM set_config('app.tenant_id', t.tenant_id, true);
        SELECT tn.partner_id INTO t_partner FROM tenants tn WHERE tn.id = t.tenant_id;
        PERFORM set_config('app.partner_id', t_partner, true);
        RETURN QUERY SELECT t.id, t_partner, t.tenant_id, t.role,
          NOT fin_minting_key_active(t.minted_by_kind, t.minted_by_key_id),
          t.scopes, t.allowed_origins, t.expires_at;
      END
      $fn$;

      CREATE FUNCTION fin_minting_key_active(p_kind text, p_key_id text) RETURNS boolean
      LANGUAGE sql STABLE SECURITY INVOKER AS $fn$
        SELECT CASE WHEN p_kind = 'partner'
          THEN EXISTS (SELECT 1 FROM partner_keys WHERE id = p_key_id AND revoked_at IS NULL)
          ELSE EXISTS (SELECT 1 FROM api_keys WHERE id = p_key_id AND revoked_at IS NULL)
        END
      $fn$;

      -- The per-transaction re-check learns the third kind: a token is active while it has
      -- not expired and the key that minted it is not revoked.
      CREATE OR REPLACE FUNCTION fin_require_active_key(p_kind text, p_key_id text) RETURNS void
      LANGUAGE plpgsql SECURITY INVOKER SET search_path FROM CURRENT AS $fn$
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
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
