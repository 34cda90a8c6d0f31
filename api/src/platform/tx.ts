import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Auth, TenantTx } from './context.js';
import {
  type BoundStatement,
  type Statement,
  statementByShape,
  withConnection,
} from './db/driver.js';
import { APP_ROLE } from './db/migrations/rls.js';
import type { Database } from './db/schema.js';
import { sealerFor } from './events/sealer.js';
import { newId } from './ids.js';

/** Every query after this runs as the app role, under RLS for these ids, until commit. */
export async function actAs(
  trx: Kysely<Database>,
  partnerId: string,
  tenantId: string | null,
): Promise<void> {
  await sql`SELECT set_config('role', ${APP_ROLE}, true),
                   set_config('app.partner_id', ${partnerId}, true),
                   set_config('app.tenant_id', ${tenantId ?? ''}, true)`.execute(trx);
}

export interface TxScope {
  auth: Auth;
  requestId: string;
}

const actorTypes = { partner: 'partner_key', tenant: 'api_key', embed: 'embed_token' } as const;

export function newTenantTx(trx: Kysely<Database>, scope: TxScope, tenantId: string): TenantTx {
  return {
    trx,
    tenantId,
    partnerId: scope.auth.partnerId,
    actor: {
      type: actorTypes[scope.auth.kind],
      id: scope.auth.keyId,
    },
    requestId: scope.requestId,
    events: [],
    audits: [],
    deferred: [],
    committed: [],
  };
}

export interface AppSession {
  partnerId: string;
  tenantId: string | null;
  /** The key acting; checked for revocation inside the transaction. */
  key?: { kind: Auth['kind']; id: string };
}

/** SQLSTATE raised by fin_begin for a revoked or unknown key. */
const KEY_INACTIVE = 'FN401';

export class KeyInactiveError extends Error {
  override name = 'KeyInactiveError';
  constructor(readonly keyId: string) {
    super('API key revoked');
  }
}

const isKeyInactive = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === KEY_INACTIVE;

function keyError(session: AppSession, err: unknown): unknown {
  return session.key && isKeyInactive(err) ? new KeyInactiveError(session.key.id) : err;
}

/** The statement that makes the current transaction act as the app role for this session
 * (RLS settings), read-only if asked, with the acting key re-checked for revocation. */
const beginStatement = (session: AppSession, readOnly: boolean): Statement => ({
  // No column and no row: nothing for pg to describe and parse per request. fin_begin
  // returns void, never null, and as a one-time filter it is one call with no function scan
  // (`SELECT FROM fin_begin(…)` was a function scan, its one void row kept in a tuplestore). With
  // the key check inline in fin_begin (migration 2026120701), PostgreSQL's CPU per read fell
  // 4–6 % (api/bench/README.md).
  sql: 'SELECT WHERE fin_begin($1, $2, $3, $4, $5) IS NULL',
  parameters: [
    session.partnerId,
    session.tenantId,
    session.key?.kind ?? null,
    session.key?.id ?? null,
    readOnly,
  ],
});

/** Tenants whose events or audit entries a transaction recorded, to seal once it commits. */
const recordedTenants = new WeakMap<Kysely<Database>, Set<string>>();

/**
 * Runs `fn` in one transaction as the app role with the partner and tenant set for RLS and
 * the acting key re-checked for revocation. Every request pays for that, so it costs no
 * round trip of its own: BEGIN and the settings travel in one batch with the transaction's
 * first query, and `beforeCommit`'s statements (the record statement, writes whose results
 * nobody reads) in one batch with COMMIT. A transaction that reads nothing (a posting to
 * known accounts, a customer created) is one round trip: everything travels with COMMIT.
 *
 * Events and audit entries recorded in it are sealed (sequenced, webhooks queued) after the
 * commit and before this returns, on a connection of their own: see Sealer.
 */
export async function asAppRole<T>(
  db: Kysely<Database>,
  session: AppSession,
  fn: (trx: Kysely<Database>) => Promise<T>,
  /** Last statements, sent in one batch with COMMIT after `fn` succeeded. */
  beforeCommit?: () => Statement[],
): Promise<T> {
  let recorded: Set<string> | undefined;
  const result = await withConnection(db, async (conn) => {
    const trx = conn.db;
    // The connection's Kysely outlives this transaction: start from no recorded tenants.
    recordedTenants.delete(trx);
    conn.queue(['BEGIN', beginStatement(session, false)]);
    let result: T;
    try {
      result = await fn(trx);
    } catch (err) {
      // Nothing sent yet means no transaction to roll back.
      if (conn.hasQueued) conn.discardQueued();
      else await conn.run(['ROLLBACK']).catch(() => {});
      throw keyError(session, err);
    }
    try {
      // A failed COMMIT (a deferred check) ends the transaction rolled back and throws.
      await conn.run([...(beforeCommit?.() ?? []), 'COMMIT']);
    } catch (err) {
      // A failed statement before COMMIT leaves the transaction open and aborted.
      await conn.run(['ROLLBACK']).catch(() => {});
      throw keyError(session, err);
    }
    recorded = recordedTenants.get(trx);
    recordedTenants.delete(trx);
    return result;
  });
  if (recorded) {
    const sealer = sealerFor(db);
    await Promise.all([...recorded].map((tenantId) => sealer.seal(tenantId)));
  }
  return result;
}

/**
 * Runs the reads of `fn` as the app role for this session, each query in one round trip:
 * the setup statement and the query travel in one write (one pipeline), which PostgreSQL
 * runs as one implicit read-only transaction (rolled back by the server itself if a
 * statement fails).
 * Under READ COMMITTED a transaction's statements each see their own snapshot anyway, so
 * this gives up no consistency a transaction would give; a read that needs one snapshot
 * for several statements must use `asAppRole`.
 */
export function readAsAppRole<T>(
  db: Kysely<Database>,
  session: AppSession,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  // Not async itself: it only hands withConnection's promise on (an async function returning
  // a promise costs another promise and two more microtask hops). Same for readTenant.
  return withConnection(db, async (conn) => {
    const begin = beginStatement(session, true);
    conn.wrapEach([begin], []);
    try {
      const result = await fn(conn.db);
      // A read that needed no query still proves its key is live.
      if (conn.wrappedQueries === 0) await conn.run([begin]);
      return result;
    } catch (err) {
      throw keyError(session, err);
    } finally {
      conn.unwrap();
    }
  });
}

/** The session of an authenticated request: its partner, tenant and key. */
export const sessionOf = (auth: Auth, tenantId: string | null = auth.tenantId): AppSession => ({
  partnerId: auth.partnerId,
  tenantId,
  key: { kind: auth.kind, id: auth.keyId },
});

/** Runs `fn` in one transaction as the app role inside the scope's tenant, then writes its
 * deferred writes, events and audit entries in that same transaction. */
export function inTenant<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  const tenantId = tenantOf(scope);
  return runInTenant(db, { ...sessionOf(scope.auth, tenantId), tenantId }, fn, (trx) =>
    newTenantTx(trx, scope, tenantId),
  );
}

/**
 * Runs `fn` inside a tenant on behalf of the platform itself (the webhook dispatcher, not a
 * key): RLS applies as for a request; audit entries name `system` and `actorId`.
 */
export function asSystemInTenant<T>(
  db: Kysely<Database>,
  target: { partnerId: string; tenantId: string },
  actorId: string,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  return runInTenant(db, target, fn, (trx) => ({
    trx,
    tenantId: target.tenantId,
    partnerId: target.partnerId,
    actor: { type: 'system', id: actorId },
    requestId: newId('request'),
    events: [],
    audits: [],
    deferred: [],
    committed: [],
  }));
}

async function runInTenant<T>(
  db: Kysely<Database>,
  session: AppSession & { tenantId: string },
  fn: (tx: TenantTx) => Promise<T>,
  makeTx: (trx: Kysely<Database>) => TenantTx,
): Promise<T> {
  let tx: TenantTx | undefined;
  let result: T;
  try {
    result = await asAppRole(
      db,
      session,
      (trx) => {
        tx = makeTx(trx);
        return fn(tx);
      },
      () => (tx ? commitStatements(tx) : []),
    );
  } catch (err) {
    throw tx ? deferredError(tx, err) : err;
  }
  for (const fn of tx?.committed ?? []) fn();
  return result;
}

/** Runs the reads of `fn` inside the scope's tenant, each query in one round trip. */
export function readTenant<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  const tenantId = tenantOf(scope);
  return readAsAppRole(db, sessionOf(scope.auth, tenantId), async (trx) => {
    const tx = newTenantTx(trx, scope, tenantId);
    const result = await fn(tx);
    if (tx.events.length + tx.audits.length + tx.deferred.length > 0) {
      throw new Error('a read recorded changes; run it with inTenant');
    }
    return result;
  });
}

function tenantOf(scope: TxScope): string {
  const tenantId = scope.auth.tenantId;
  if (!tenantId) throw new Error('a tenant transaction needs a tenant');
  return tenantId;
}

function commitStatements(tx: TenantTx): Statement[] {
  const writes = tx.deferred.map((d) => d.query);
  const flush = flushStatement(tx);
  return flush ? [...writes, flush] : writes;
}

function deferredError(tx: TenantTx, err: unknown): unknown {
  for (const write of tx.deferred) {
    const mapped = write.onError?.(err);
    if (mapped) return mapped;
  }
  return err;
}

/**
 * The statement that records the pending events and audit entries, to travel in one batch
 * with COMMIT; undefined when nothing is pending. Clears the pending lists and marks the
 * tenant for sealing once the transaction commits.
 */
export function flushStatement(tx: TenantTx): BoundStatement | undefined {
  const { events, audits } = tx;
  if (events.length === 0 && audits.length === 0) return undefined;
  const parameters: unknown[] = [tx.tenantId, tx.requestId, tx.actor.type, tx.actor.id];
  for (const e of events) {
    parameters.push(newId('event'), e.type, JSON.stringify({ object: e.object }));
  }
  for (const a of audits) {
    parameters.push(newId('auditLog'), a.action, a.objectType, a.objectId);
  }
  const sql = recordSql(events.length, audits.length);
  events.length = 0;
  audits.length = 0;
  let tenants = recordedTenants.get(tx.trx);
  if (!tenants) {
    tenants = new Set();
    recordedTenants.set(tx.trx, tenants);
  }
  tenants.add(tx.tenantId);
  return { sql, parameters };
}

/**
 * Appends events and audit entries to pending_events and pending_audit_logs (sealed after
 * commit, see Sealer). Values: $1 tenant, $2 request id, $3 actor type, $4 actor id; then
 * three per event (id, type, data as JSON) and four per audit entry (id, action, object
 * type, object id). Rows of one statement share a timestamp (the database's clock, to the
 * millisecond) and are recorded in the order given. A plain statement, not a PL/pgSQL
 * function taking JSON arrays (fin_record before migration 2026120601): PostgreSQL spent
 * less CPU on it per write (api/bench/README.md).
 */
const recordSql = statementByShape((eventCount, auditCount) => {
  let n = 4;
  const rows = (count: number, width: number) =>
    Array.from({ length: count }, (_, i) => {
      const values = Array.from({ length: width }, () => `$${++n}`);
      return `(${i + 1}, ${values.join(', ')})`;
    }).join(', ');
  const eventRows = rows(eventCount, 3);
  const auditRows = rows(auditCount, 4);
  const insertEvents =
    'INSERT INTO pending_events (id, tenant_id, type, data, request_id, created_at)' +
    ' SELECT v.id, $1, v.type, v.data::json, $2, at.ts' +
    ` FROM at, (VALUES ${eventRows}) AS v(ord, id, type, data) ORDER BY v.ord`;
  const insertAudits =
    'INSERT INTO pending_audit_logs (id, tenant_id, actor_type, actor_id, action, object_type,' +
    ' object_id, request_id, created_at)' +
    ' SELECT v.id, $1, $3, $4, v.action, v.object_type, v.object_id, $2, at.ts' +
    ` FROM at, (VALUES ${auditRows}) AS v(ord, id, action, object_type, object_id) ORDER BY v.ord`;
  // Every statement names all four leading values, so that PostgreSQL can type them: one
  // recording only events names the actor in its timestamp row.
  const actor =
    eventCount > 0 && auditCount === 0 ? ', $3::text AS actor_type, $4::text AS actor_id' : '';
  const at = `at AS (SELECT date_trunc('milliseconds', clock_timestamp()) AS ts${actor})`;
  if (eventCount > 0 && auditCount > 0) {
    return `WITH ${at}, recorded_events AS (${insertEvents}) ${insertAudits}`;
  }
  return `WITH ${at} ${eventCount > 0 ? insertEvents : insertAudits}`;
});

/** Records the pending events and audit entries now, inside the caller's transaction. */
export async function flushEffects(tx: TenantTx): Promise<void> {
  const statement = flushStatement(tx);
  if (statement)
    await tx.trx.executeQuery(CompiledQuery.raw(statement.sql, [...statement.parameters]));
}

/** Runs `fn` as the app role scoped to the partner only (no tenant): partner-level reads. */
export function inPartner<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return readAsAppRole(db, sessionOf(scope.auth, null), fn);
}
