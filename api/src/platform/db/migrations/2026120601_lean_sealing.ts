import { type Kysely, sql } from 'kysely';
import { SEALED_CHANNEL, SEALER_ROLE } from './2026120501_sealed_sequencing.js';

/**
 * Sealing cost PostgreSQL about 0.4 ms per seal plus 0.085 ms per write sealed, measured
 * alone; under load it was a fifth of the database's CPU per posting (api/bench/README.md).
 * This restates fin_seal to do less per row, and makes it cost what it moves:
 *
 * - A plain index scan instead of a bitmap scan. Every row a seal has moved stays behind
 *   as a dead tuple until VACUUM (autovacuum looks at most once a minute, PGlite runs
 *   none), and a bitmap scan visits every dead heap tuple on every seal and never marks
 *   index entries dead: 10 000 writes after the last VACUUM, a seal read 18 000 pages to
 *   find nothing (110 ms). An index scan marks the entries of dead rows as it passes them,
 *   the next scan skips them without reading the heap, and B-tree drops them when a page
 *   fills.
 * - Audit entries move in one DELETE and one INSERT (the hash chain is computed in between,
 *   in recording order, exactly as before) instead of an INSERT per entry.
 * - The pending tables are keyed by `(tenant_id, recorded)`, the only way they are read:
 *   one index each instead of two.
 * - fin_record goes: a write appends its rows with a plain INSERT (tx.ts recordSql), which
 *   costs less than a PL/pgSQL call unpacking JSON arrays.
 * - `events` and `audit_logs` lose their foreign key to `tenants`: only fin_seal writes
 *   them, for a tenant whose `tenant_heads` row (which references `tenants`) it holds
 *   locked, so the check of each row proved nothing new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      ALTER TABLE pending_events DROP CONSTRAINT pending_events_pkey,
        ADD PRIMARY KEY (tenant_id, recorded);
      DROP INDEX pending_events_tenant_idx;
      ALTER TABLE pending_audit_logs DROP CONSTRAINT pending_audit_logs_pkey,
        ADD PRIMARY KEY (tenant_id, recorded);
      DROP INDEX pending_audit_logs_tenant_idx;
      ALTER TABLE events DROP CONSTRAINT events_tenant_id_fkey;
      ALTER TABLE audit_logs DROP CONSTRAINT audit_logs_tenant_id_fkey;
      DROP FUNCTION fin_record(text, text, text, text, json, json);

      CREATE OR REPLACE FUNCTION fin_seal(p_tenant text, OUT events integer, OUT deliveries integer)
      LANGUAGE plpgsql SECURITY INVOKER
      SET search_path FROM CURRENT SET enable_bitmapscan = off SET enable_seqscan = off AS $fn$
      DECLARE
        e_seq bigint;
        a_seq bigint;
        h text;
        n_events integer;
        n_deliveries integer := 0;
        moved pending_audit_logs[];
        hashes text[] := '{}';
        a pending_audit_logs;
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

        WITH taken AS (
          DELETE FROM pending_audit_logs WHERE tenant_id = p_tenant
          RETURNING pending_audit_logs AS r
        )
        SELECT coalesce(array_agg(r ORDER BY (r).recorded), '{}') INTO moved FROM taken;
        FOREACH a IN ARRAY moved LOOP
          a_seq := a_seq + 1;
          h := encode(sha256(convert_to(h || chr(10) || json_build_array(
                 a.id, p_tenant, a_seq::text, a.actor_type, a.actor_id, a.action, a.object_type,
                 a.object_id, a.request_id,
                 to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
                 'UTF8')), 'hex');
          hashes := hashes || h;
        END LOOP;
        IF cardinality(moved) > 0 THEN
          INSERT INTO audit_logs (id, tenant_id, seq, actor_type, actor_id, action, object_type,
                                  object_id, request_id, created_at, hash)
          SELECT m.id, p_tenant, a_seq - cardinality(moved) + m.ordinality, m.actor_type, m.actor_id,
                 m.action, m.object_type, m.object_id, m.request_id, m.created_at, x.hash
            FROM unnest(moved) WITH ORDINALITY AS m
            JOIN unnest(hashes) WITH ORDINALITY AS x(hash, ord) ON x.ord = m.ordinality;
        END IF;

        IF n_events > 0 THEN
          -- Wakes dispatchers and event streams of other processes (sent at COMMIT).
          PERFORM pg_notify('${SEALED_CHANNEL}', p_tenant || ' ' || n_deliveries);
        END IF;
        IF n_events > 0 OR cardinality(moved) > 0 THEN
          UPDATE tenant_heads SET event_seq = e_seq + n_events, audit_seq = a_seq, audit_hash = h
           WHERE tenant_id = p_tenant;
        END IF;
        events := n_events;
        deliveries := n_deliveries;
      END
      $fn$;
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
