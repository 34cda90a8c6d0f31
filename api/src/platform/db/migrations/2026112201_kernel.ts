import { type Kysely, sql } from 'kysely';
import { APP_ROLE, currentPartner, currentTenant, protectTenantTable } from './rls.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The app role is cluster-wide on a server: create it once, tolerate a concurrent creator.
  await sql
    .raw(`
      DO $$ BEGIN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      DO $$ BEGIN
        EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
      EXCEPTION WHEN others THEN NULL;
      END $$;
      DO $$ BEGIN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${APP_ROLE}', current_schema());
      END $$;
    `)
    .execute(db);

  await sql
    .raw(`
      CREATE TABLE partners (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
      ALTER TABLE partners FORCE ROW LEVEL SECURITY;
      CREATE POLICY partners_self ON partners
        USING (id = ${currentPartner}) WITH CHECK (id = ${currentPartner});
      GRANT SELECT ON partners TO ${APP_ROLE};

      CREATE TABLE partner_keys (
        id text PRIMARY KEY,
        partner_id text NOT NULL REFERENCES partners(id),
        name text,
        key_hash text NOT NULL UNIQUE,
        last4 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      ALTER TABLE partner_keys ENABLE ROW LEVEL SECURITY;
      ALTER TABLE partner_keys FORCE ROW LEVEL SECURITY;
      -- A key row is visible to whoever presents its hash (authentication) or to its partner.
      CREATE POLICY partner_keys_access ON partner_keys
        USING (partner_id = ${currentPartner}
               OR key_hash = NULLIF(current_setting('app.key_hash', true), ''))
        WITH CHECK (partner_id = ${currentPartner});
      GRANT SELECT ON partner_keys TO ${APP_ROLE};

      CREATE TABLE tenants (
        id text PRIMARY KEY,
        partner_id text NOT NULL REFERENCES partners(id),
        name text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX tenants_partner_idx ON tenants (partner_id, id);
      ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
      ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenants_access ON tenants
        USING (partner_id = ${currentPartner} OR id = ${currentTenant})
        WITH CHECK (partner_id = ${currentPartner});
      GRANT SELECT, INSERT, UPDATE ON tenants TO ${APP_ROLE};

      CREATE TABLE tenant_heads (
        tenant_id text PRIMARY KEY REFERENCES tenants(id),
        event_seq bigint NOT NULL DEFAULT 0,
        audit_seq bigint NOT NULL DEFAULT 0,
        audit_hash text NOT NULL
      );

      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        name text,
        role text NOT NULL CHECK (role IN ('admin', 'manager', 'operator', 'viewer')),
        key_hash text NOT NULL UNIQUE,
        last4 text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, id);

      CREATE TABLE events (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        sequence bigint NOT NULL,
        type text NOT NULL,
        data json NOT NULL,
        request_id text,
        created_at timestamptz NOT NULL,
        UNIQUE (tenant_id, sequence)
      );
      CREATE INDEX events_tenant_idx ON events (tenant_id, id);
      CREATE INDEX events_tenant_type_idx ON events (tenant_id, type, id);

      CREATE TABLE audit_logs (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        seq bigint NOT NULL,
        actor_type text NOT NULL,
        actor_id text NOT NULL,
        action text NOT NULL,
        object_type text NOT NULL,
        object_id text NOT NULL,
        request_id text NOT NULL,
        created_at timestamptz NOT NULL,
        hash text NOT NULL,
        UNIQUE (tenant_id, seq)
      );
      CREATE INDEX audit_logs_tenant_idx ON audit_logs (tenant_id, id);

      CREATE TABLE idempotency_keys (
        partner_id text NOT NULL,
        tenant_id text,
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'done')),
        response_status integer,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        locked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
      ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
      ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
      CREATE POLICY idempotency_keys_scope ON idempotency_keys
        USING (partner_id = ${currentPartner} AND tenant_id IS NOT DISTINCT FROM ${currentTenant})
        WITH CHECK (partner_id = ${currentPartner} AND tenant_id IS NOT DISTINCT FROM ${currentTenant});
      GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO ${APP_ROLE};
    `)
    .execute(db);

  await protectTenantTable(db, 'tenant_heads', 'SELECT, INSERT, UPDATE');
  await protectTenantTable(db, 'events', 'SELECT, INSERT');
  // Audit rows are append-only for the app role: no UPDATE, no DELETE.
  await protectTenantTable(db, 'audit_logs', 'SELECT, INSERT');
  await sql
    .raw(`
      ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
      ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
      CREATE POLICY api_keys_tenant_isolation ON api_keys
        USING (tenant_id = ${currentTenant}
               OR key_hash = NULLIF(current_setting('app.key_hash', true), ''))
        WITH CHECK (tenant_id = ${currentTenant});
      GRANT SELECT, INSERT, UPDATE ON api_keys TO ${APP_ROLE};
    `)
    .execute(db);

  // Authentication in one round trip: switches to the app role for the rest of the
  // (implicit) transaction, then resolves the key by its hash under RLS. SECURITY INVOKER:
  // it never reads anything the app role could not.
  await sql
    .raw(`
      CREATE FUNCTION fin_authenticate(p_kind text, p_hash text, p_tenant text)
      RETURNS TABLE (key_id text, partner_id text, tenant_id text, role text, revoked boolean)
      LANGUAGE plpgsql SECURITY INVOKER SET search_path FROM CURRENT AS $fn$
      DECLARE
        k_id text; k_partner text; k_tenant text; k_role text; k_revoked boolean; t_id text;
      BEGIN
        PERFORM set_config('role', '${APP_ROLE}', true);
        PERFORM set_config('app.key_hash', p_hash, true);
        IF p_kind = 'partner' THEN
          SELECT k.id, k.partner_id, k.revoked_at IS NOT NULL INTO k_id, k_partner, k_revoked
            FROM partner_keys k WHERE k.key_hash = p_hash;
          IF k_id IS NULL THEN RETURN; END IF;
          PERFORM set_config('app.partner_id', k_partner, true);
          IF p_tenant <> '' THEN
            SELECT t.id INTO t_id FROM tenants t WHERE t.id = p_tenant AND t.partner_id = k_partner;
          END IF;
          RETURN QUERY SELECT k_id, k_partner, t_id, 'admin'::text, k_revoked;
        ELSE
          SELECT k.id, k.tenant_id, k.role, k.revoked_at IS NOT NULL
            INTO k_id, k_tenant, k_role, k_revoked
            FROM api_keys k WHERE k.key_hash = p_hash;
          IF k_id IS NULL THEN RETURN; END IF;
          PERFORM set_config('app.tenant_id', k_tenant, true);
          SELECT t.partner_id INTO k_partner FROM tenants t WHERE t.id = k_tenant;
          RETURN QUERY SELECT k_id, k_partner, k_tenant, k_role, k_revoked;
        END IF;
      END
      $fn$;
    `)
    .execute(db);
  // Re-checks, inside each request's transaction and as the app role, that the acting key
  // is still active, so a revocation takes effect at once even where authentication was
  // served from a node's cache.
  await sql
    .raw(`
      CREATE FUNCTION fin_require_active_key(p_kind text, p_key_id text) RETURNS void
      LANGUAGE plpgsql SECURITY INVOKER SET search_path FROM CURRENT AS $fn$
      BEGIN
        IF p_kind = 'partner' THEN
          PERFORM 1 FROM partner_keys WHERE id = p_key_id AND revoked_at IS NULL;
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
  // Writes a request's events and audit entries and moves the tenant's head in one call, so
  // the head row lock (gap-free event sequence, audit hash chain) is held for no client round
  // trip: the app sends this call and COMMIT together. The audit hash is
  // sha256(prev_hash || '\n' || json_build_array(<fields as text>)::text), which
  // audit-chain.ts recomputes to verify the chain.
  await sql
    .raw(`
      CREATE FUNCTION fin_flush(p_tenant text, p_request text, p_actor_type text, p_actor_id text,
                                p_events json, p_audits json) RETURNS void
      LANGUAGE plpgsql SECURITY INVOKER SET search_path FROM CURRENT AS $fn$
      DECLARE
        n_events int := json_array_length(p_events);
        n_audits int := json_array_length(p_audits);
        e_seq bigint;
        a_seq bigint;
        h text;
        ts timestamptz;
        ts_text text;
        a json;
      BEGIN
        UPDATE tenant_heads
           SET event_seq = event_seq + n_events, audit_seq = audit_seq + n_audits
         WHERE tenant_id = p_tenant
        RETURNING event_seq - n_events, audit_seq - n_audits, audit_hash INTO e_seq, a_seq, h;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'tenant % has no head row', p_tenant;
        END IF;
        -- Taken under the lock, so timestamps follow the sequence.
        ts := date_trunc('milliseconds', clock_timestamp());
        ts_text := to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        INSERT INTO events (id, tenant_id, sequence, type, data, request_id, created_at)
        SELECT x.e->>'id', p_tenant, e_seq + x.ord, x.e->>'type', x.e->'data', p_request, ts
          FROM json_array_elements(p_events) WITH ORDINALITY AS x(e, ord);
        FOR a IN SELECT value FROM json_array_elements(p_audits) LOOP
          a_seq := a_seq + 1;
          h := encode(sha256(convert_to(h || chr(10) || json_build_array(
                 a->>'id', p_tenant, a_seq::text, p_actor_type, p_actor_id, a->>'action',
                 a->>'object_type', a->>'object_id', p_request, ts_text)::text, 'UTF8')), 'hex');
          INSERT INTO audit_logs (id, tenant_id, seq, actor_type, actor_id, action, object_type,
                                  object_id, request_id, created_at, hash)
          VALUES (a->>'id', p_tenant, a_seq, p_actor_type, p_actor_id, a->>'action',
                  a->>'object_type', a->>'object_id', p_request, ts, h);
        END LOOP;
        IF n_audits > 0 THEN
          UPDATE tenant_heads SET audit_hash = h WHERE tenant_id = p_tenant;
        END IF;
      END
      $fn$;
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The kernel migration cannot be reverted');
}
