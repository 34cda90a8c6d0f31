import { type Kysely, sql } from 'kysely';
import { APP_ROLE, protectTenantTable } from './rls.js';

/** The role that sequences a tenant's recorded events and chains its audit entries. */
export const SEALER_ROLE = 'fin_sealer';
/** The NOTIFY channel told of every seal that sealed events: `<tenant id> <deliveries queued>`. */
export const SEALED_CHANNEL = 'fin_events_sealed';

/**
 * Events and audit entries are sequenced after commit instead of inside the writing
 * transaction. Before, every write of a tenant updated its `tenant_heads` row (gap-free
 * event sequence, audit hash chain) and held that row lock through its COMMIT, so a
 * tenant's writes committed one at a time (api/bench/README.md).
 *
 * Now a write appends its events and audit entries to `pending_events` and
 * `pending_audit_logs` (no shared row), and `fin_seal(tenant)` moves them into `events` and
 * `audit_logs` in one transaction per batch: sequence numbers and the hash chain in
 * recording order, then the webhook fan-out. The API seals right after each commit
 * (coalescing concurrent commits into one batch) and sweeps for leftovers of crashed
 * processes, so the outbox stays transactional and the sequence gap-free, in commit order.
 *
 * The app role can no longer write `events`, `audit_logs` or move a tenant's head at all:
 * only the sealer role can, and it owns nothing and cannot bypass RLS. The pending tables
 * have no foreign key to `tenants`: every concurrent write of a tenant would take a share
 * lock on that one row (the sealer's insert into `events` checks it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      DO $$ BEGIN
        CREATE ROLE ${SEALER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      DO $$ BEGIN
        EXECUTE format('GRANT ${SEALER_ROLE} TO %I', current_user);
      EXCEPTION WHEN others THEN NULL;
      END $$;
      DO $$ BEGIN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${SEALER_ROLE}', current_schema());
      END $$;

      CREATE TABLE pending_events (
        recorded bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL,
        tenant_id text NOT NULL,
        type text NOT NULL,
        data json NOT NULL,
        request_id text,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX pending_events_tenant_idx ON pending_events (tenant_id, recorded);

      CREATE TABLE pending_audit_logs (
        recorded bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL,
        tenant_id text NOT NULL,
        actor_type text NOT NULL,
        actor_id text NOT NULL,
        action text NOT NULL,
        object_type text NOT NULL,
        object_id text NOT NULL,
        request_id text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX pending_audit_logs_tenant_idx ON pending_audit_logs (tenant_id, recorded);
    `)
    .execute(db);

  for (const table of ['pending_events', 'pending_audit_logs']) {
    await protectTenantTable(db, table, 'INSERT');
    await sql
      .raw(`
        -- The sweep finds tenants with something left to seal, whatever the tenant.
        CREATE POLICY ${table}_sealer_sweep ON ${table} FOR SELECT TO ${SEALER_ROLE}
          USING (true);
        GRANT SELECT, DELETE ON ${table} TO ${SEALER_ROLE};
      `)
      .execute(db);
  }

  await sql
    .raw(`
      REVOKE INSERT ON events FROM ${APP_ROLE};
      REVOKE INSERT ON audit_logs FROM ${APP_ROLE};
      REVOKE UPDATE ON tenant_heads FROM ${APP_ROLE};
      GRANT SELECT, INSERT ON events TO ${SEALER_ROLE};
      GRANT SELECT, INSERT ON audit_logs TO ${SEALER_ROLE};
      GRANT SELECT, UPDATE ON tenant_heads TO ${SEALER_ROLE};
      GRANT SELECT ON webhook_endpoints TO ${SEALER_ROLE};
      GRANT INSERT ON webhook_deliveries TO ${SEALER_ROLE};
      DROP FUNCTION fin_flush(text, text, text, text, json, json);
    `)
    .execute(db);

  // A write's events and audit entries, appended as the app role inside its transaction.
  // Rows of one call share a timestamp; `recorded` keeps their order.
  await sql
    .raw(`
      CREATE FUNCTION fin_record(p_tenant text, p_request text, p_actor_type text, p_actor_id text,
                                 p_events json, p_audits json) RETURNS void
      LANGUAGE plpgsql SECURITY INVOKER AS $fn$
      DECLARE
        ts timestamptz := date_trunc('milliseconds', clock_timestamp());
      BEGIN
        IF json_array_length(p_events) > 0 THEN
          INSERT INTO pending_events (id, tenant_id, type, data, request_id, created_at)
          SELECT x.e->>'id', p_tenant, x.e->>'type', x.e->'data', p_request, ts
            FROM json_array_elements(p_events) WITH ORDINALITY AS x(e, ord) ORDER BY x.ord;
        END IF;
        IF json_array_length(p_audits) > 0 THEN
          INSERT INTO pending_audit_logs (id, tenant_id, actor_type, actor_id, action, object_type,
                                          object_id, request_id, created_at)
          SELECT x.a->>'id', p_tenant, p_actor_type, p_actor_id, x.a->>'action',
                 x.a->>'object_type', x.a->>'object_id', p_request, ts
            FROM json_array_elements(p_audits) WITH ORDINALITY AS x(a, ord) ORDER BY x.ord;
        END IF;
      END
      $fn$;
    `)
    .execute(db);

  // Seals what the tenant has recorded: one call is one transaction (the caller sends it
  // alone). It acts as the sealer role in the tenant for the call only (the SET clause
  // scopes the role change to the call). The head row lock serialises sealers of a tenant,
  // so each moves only rows no other sealer has moved. The audit hash is
  // sha256(prev_hash || '\n' || json_build_array(<fields as text>)::text), as fin_flush
  // computed it before, which audit-chain.ts recomputes to verify the chain.
  // Answers how many events it sealed and how many webhook deliveries it queued.
  await sql
    .raw(`
      CREATE FUNCTION fin_seal(p_tenant text, OUT events integer, OUT deliveries integer)
      LANGUAGE plpgsql SECURITY INVOKER SET search_path FROM CURRENT AS $fn$
      DECLARE
        e_seq bigint;
        a_seq bigint;
        h text;
        n_events integer;
        n_deliveries integer := 0;
        a record;
        done bigint[] := '{}';
      BEGIN
        PERFORM set_config('role', '${SEALER_ROLE}', true),
                set_config('app.tenant_id', p_tenant, true);
        SELECT event_seq, audit_seq, audit_hash INTO e_seq, a_seq, h
          FROM tenant_heads WHERE tenant_id = p_tenant FOR UPDATE;
        IF NOT FOUND THEN
          events := 0;
          deliveries := 0;
          RETURN;
        END IF;

        WITH moved AS (
          DELETE FROM pending_events WHERE tenant_id = p_tenant
          RETURNING recorded, id, type, data, request_id, created_at
        )
        INSERT INTO events (id, tenant_id, sequence, type, data, request_id, created_at)
        SELECT id, p_tenant, e_seq + row_number() OVER (ORDER BY recorded), type, data,
               request_id, created_at
          FROM moved;
        GET DIAGNOSTICS n_events = ROW_COUNT;

        IF n_events > 0 THEN
          INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, status, next_attempt_at)
          SELECT p_tenant, w.id, e.id, 'pending', now()
            FROM events e
            JOIN webhook_endpoints w
              ON w.tenant_id = p_tenant AND NOT w.disabled AND w.deleted_at IS NULL
             AND ('*' = ANY (w.enabled_events) OR e.type = ANY (w.enabled_events))
           WHERE e.tenant_id = p_tenant AND e.sequence > e_seq AND e.sequence <= e_seq + n_events;
          GET DIAGNOSTICS n_deliveries = ROW_COUNT;
        END IF;

        FOR a IN SELECT * FROM pending_audit_logs WHERE tenant_id = p_tenant ORDER BY recorded LOOP
          a_seq := a_seq + 1;
          h := encode(sha256(convert_to(h || chr(10) || json_build_array(
                 a.id, p_tenant, a_seq::text, a.actor_type, a.actor_id, a.action, a.object_type,
                 a.object_id, a.request_id,
                 to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
                 'UTF8')), 'hex');
          INSERT INTO audit_logs (id, tenant_id, seq, actor_type, actor_id, action, object_type,
                                  object_id, request_id, created_at, hash)
          VALUES (a.id, p_tenant, a_seq, a.actor_type, a.actor_id, a.action, a.object_type,
                  a.object_id, a.request_id, a.created_at, h);
          done := done || a.recorded;
        END LOOP;
        IF cardinality(done) > 0 THEN
          DELETE FROM pending_audit_logs WHERE tenant_id = p_tenant AND recorded = ANY (done);
        END IF;

        IF n_events > 0 THEN
          -- Wakes dispatchers and event streams of other processes (sent at COMMIT).
          PERFORM pg_notify('${SEALED_CHANNEL}', p_tenant || ' ' || n_deliveries);
        END IF;
        IF n_events > 0 OR cardinality(done) > 0 THEN
          UPDATE tenant_heads SET event_seq = e_seq + n_events, audit_seq = a_seq, audit_hash = h
           WHERE tenant_id = p_tenant;
        END IF;
        events := n_events;
        deliveries := n_deliveries;
      END
      $fn$;

      CREATE FUNCTION fin_unsealed_tenants() RETURNS SETOF text
      LANGUAGE plpgsql SECURITY INVOKER SET search_path FROM CURRENT AS $fn$
      BEGIN
        PERFORM set_config('role', '${SEALER_ROLE}', true);
        RETURN QUERY SELECT tenant_id FROM pending_events
                     UNION SELECT tenant_id FROM pending_audit_logs;
      END
      $fn$;
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
