import { type Kysely, sql } from 'kysely';
import { protectTenantTable } from './rls.js';

/** The role the webhook dispatcher runs as: it claims deliveries of every tenant. */
export const DISPATCHER_ROLE = 'fin_dispatcher';

/**
 * Webhook endpoints, one delivery row per (event, endpoint) created by fin_flush in the
 * event's own transaction, and every attempt. The dispatcher works across tenants, so it
 * claims as its own NOLOGIN role, which RLS policies let see exactly the rows claiming
 * needs: deliveries (to lease them), endpoints, events and the tenant's partner. It has no
 * BYPASSRLS and owns nothing, like the app role; outcomes are written as the app role
 * inside the tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      DO $$ BEGIN
        CREATE ROLE ${DISPATCHER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      DO $$ BEGIN
        EXECUTE format('GRANT ${DISPATCHER_ROLE} TO %I', current_user);
      EXCEPTION WHEN others THEN NULL;
      END $$;
      DO $$ BEGIN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${DISPATCHER_ROLE}', current_schema());
      END $$;

      CREATE TABLE webhook_endpoints (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        url text NOT NULL,
        description text,
        enabled_events text[] NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        disabled_reason text CHECK (disabled_reason IN ('requested', 'gone', 'failing')),
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        metadata jsonb NOT NULL DEFAULT '{}',
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant_id, id);

      CREATE TABLE webhook_deliveries (
        tenant_id text NOT NULL REFERENCES tenants(id),
        endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
        event_id text NOT NULL REFERENCES events(id),
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        locked_until timestamptz,
        last_attempt_at timestamptz,
        PRIMARY KEY (endpoint_id, event_id)
      );
      CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
        WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_tenant_idx
        ON webhook_deliveries (tenant_id, endpoint_id, status, last_attempt_at);

      CREATE TABLE webhook_attempts (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants(id),
        endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
        event_id text NOT NULL REFERENCES events(id),
        attempt integer NOT NULL,
        succeeded boolean NOT NULL,
        response_status integer,
        response_body text,
        error text,
        duration_ms integer NOT NULL,
        next_retry_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (tenant_id, endpoint_id, id);
    `)
    .execute(db);

  await protectTenantTable(db, 'webhook_endpoints', 'SELECT, INSERT, UPDATE');
  await protectTenantTable(db, 'webhook_deliveries', 'SELECT, INSERT, UPDATE');
  await protectTenantTable(db, 'webhook_attempts', 'SELECT, INSERT');

  await sql
    .raw(`
      CREATE POLICY webhook_deliveries_dispatcher ON webhook_deliveries TO ${DISPATCHER_ROLE}
        USING (true) WITH CHECK (true);
      GRANT SELECT, UPDATE ON webhook_deliveries TO ${DISPATCHER_ROLE};
      CREATE POLICY webhook_endpoints_dispatcher ON webhook_endpoints FOR SELECT
        TO ${DISPATCHER_ROLE} USING (true);
      GRANT SELECT ON webhook_endpoints TO ${DISPATCHER_ROLE};
      CREATE POLICY events_dispatcher ON events FOR SELECT TO ${DISPATCHER_ROLE} USING (true);
      GRANT SELECT ON events TO ${DISPATCHER_ROLE};
      CREATE POLICY tenants_dispatcher ON tenants FOR SELECT TO ${DISPATCHER_ROLE} USING (true);
      GRANT SELECT ON tenants TO ${DISPATCHER_ROLE};
    `)
    .execute(db);

  await sql
    .raw(`
      CREATE OR REPLACE FUNCTION fin_flush(p_tenant text, p_request text, p_actor_type text, p_actor_id text,
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
        -- Fan-out to the tenant's webhook endpoints, in the same transaction as the events.
        IF n_events > 0 THEN
          INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, status, next_attempt_at)
          SELECT p_tenant, w.id, x.e->>'id', 'pending', ts
            FROM json_array_elements(p_events) AS x(e)
            JOIN webhook_endpoints w
              ON w.tenant_id = p_tenant AND NOT w.disabled AND w.deleted_at IS NULL
             AND ('*' = ANY (w.enabled_events) OR (x.e->>'type') = ANY (w.enabled_events));
        END IF;
      END
      $fn$;
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
