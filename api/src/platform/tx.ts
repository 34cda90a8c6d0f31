import { type Kysely, type QueryCreator, sql } from 'kysely';
import { auditHash, type ChainedAuditFields } from './audit-chain.js';
import type { Auth, TenantTx } from './context.js';
import { APP_ROLE } from './db/migrations/rls.js';
import type { Database } from './db/schema.js';
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

export function newTenantTx(trx: Kysely<Database>, scope: TxScope, tenantId: string): TenantTx {
  return {
    trx,
    tenantId,
    partnerId: scope.auth.partnerId,
    actor: {
      type: scope.auth.kind === 'partner' ? 'partner_key' : 'api_key',
      id: scope.auth.keyId,
    },
    requestId: scope.requestId,
    events: [],
    audits: [],
  };
}

/** A SQL string literal; the values inlined here are our own validated ids. */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export interface AppSession {
  partnerId: string;
  tenantId: string | null;
  /** The key acting; checked for revocation inside the transaction. */
  key?: { kind: 'partner' | 'tenant'; id: string };
}

/** SQLSTATE raised by fin_require_active_key for a revoked or unknown key. */
const KEY_INACTIVE = 'FN401';

export class KeyInactiveError extends Error {
  override name = 'KeyInactiveError';
  constructor(readonly keyId: string) {
    super('API key revoked');
  }
}

const isKeyInactive = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === KEY_INACTIVE;

/**
 * Runs `fn` in one transaction as the app role with the partner and tenant set for RLS and
 * the acting key re-checked for revocation. BEGIN, the settings and the key check go in one
 * simple-protocol round trip (values inlined as literals): every request pays for it, so it
 * is worth not spending three.
 */
export async function asAppRole<T>(
  db: Kysely<Database>,
  session: AppSession,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const statements = [
    'BEGIN',
    `SELECT set_config('role', '${APP_ROLE}', true), ` +
      `set_config('app.partner_id', ${literal(session.partnerId)}, true), ` +
      `set_config('app.tenant_id', ${literal(session.tenantId ?? '')}, true)`,
    ...(session.key
      ? [`SELECT fin_require_active_key(${literal(session.key.kind)}, ${literal(session.key.id)})`]
      : []),
  ];
  return db.connection().execute(async (conn) => {
    let result: T;
    try {
      await sql.raw(statements.join('; ')).execute(conn);
      result = await fn(conn);
    } catch (err) {
      await sql
        .raw('ROLLBACK')
        .execute(conn)
        .catch(() => {});
      if (session.key && isKeyInactive(err)) throw new KeyInactiveError(session.key.id);
      throw err;
    }
    // A failed COMMIT (a deferred check) ends the transaction rolled back and throws.
    await sql.raw('COMMIT').execute(conn);
    return result;
  });
}

/** The session of an authenticated request: its partner, tenant and key. */
export const sessionOf = (auth: Auth, tenantId: string | null = auth.tenantId): AppSession => ({
  partnerId: auth.partnerId,
  tenantId,
  key: { kind: auth.kind, id: auth.keyId },
});

/** Runs `fn` in one transaction as the app role inside the scope's tenant, then writes its
 * events and audit entries in that same transaction. */
export async function inTenant<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  const tenantId = scope.auth.tenantId;
  if (!tenantId) throw new Error('inTenant called without a tenant');
  return asAppRole(db, sessionOf(scope.auth, tenantId), async (trx) => {
    const tx = newTenantTx(trx, scope, tenantId);
    const result = await fn(tx);
    await flushEffects(tx);
    return result;
  });
}

/**
 * Writes pending events and audit rows in two round trips. The first takes the tenant's head
 * row lock while reserving the sequence numbers (it returns the new sequences and, since the
 * hash is not set yet, the previous audit hash); the second inserts both kinds of rows and
 * moves the chain head. Called last, so the per-tenant serialisation (gap-free event
 * sequence, audit hash chain) lasts only for these two statements and the commit.
 */
export async function flushEffects(tx: TenantTx): Promise<void> {
  const { events, audits } = tx;
  if (events.length === 0 && audits.length === 0) return;
  const head = await tx.trx
    .updateTable('tenant_heads')
    .set((eb) => ({
      event_seq: eb('event_seq', '+', String(events.length)),
      audit_seq: eb('audit_seq', '+', String(audits.length)),
    }))
    .where('tenant_id', '=', tx.tenantId)
    .returning(['event_seq', 'audit_seq', 'audit_hash'])
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const firstEvent = BigInt(head.event_seq) - BigInt(events.length);
  const eventRows = events.map((e, i) => ({
    id: newId('event'),
    tenant_id: tx.tenantId,
    sequence: (firstEvent + BigInt(i + 1)).toString(),
    type: e.type,
    data: JSON.stringify({ object: e.object }),
    request_id: tx.requestId,
    created_at: now,
  }));
  let hash = head.audit_hash;
  const firstAudit = BigInt(head.audit_seq) - BigInt(audits.length);
  const auditRows = audits.map((a, i) => {
    const row: ChainedAuditFields = {
      id: newId('auditLog'),
      tenant_id: tx.tenantId,
      seq: (firstAudit + BigInt(i + 1)).toString(),
      actor_type: tx.actor.type,
      actor_id: tx.actor.id,
      action: a.action,
      object_type: a.objectType,
      object_id: a.objectId,
      request_id: tx.requestId,
      created_at: now,
    };
    hash = auditHash(hash, row);
    return { ...row, hash };
  });
  // The inserts ride along as data-modifying CTEs that nothing reads, so the builder's
  // widened table types are not needed: keep the plain QueryCreator type.
  let q: QueryCreator<Database> = tx.trx;
  if (eventRows.length > 0) {
    q = q.with('ev', (db) =>
      db.insertInto('events').values(eventRows),
    ) as unknown as QueryCreator<Database>;
  }
  if (auditRows.length > 0) {
    q = q.with('au', (db) =>
      db.insertInto('audit_logs').values(auditRows),
    ) as unknown as QueryCreator<Database>;
  }
  await q
    .updateTable('tenant_heads')
    .set({ audit_hash: hash })
    .where('tenant_id', '=', tx.tenantId)
    .execute();
  events.length = 0;
  audits.length = 0;
}

/** Runs `fn` as the app role scoped to the partner only (no tenant): partner-level reads. */
export function inPartner<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return asAppRole(db, sessionOf(scope.auth, null), fn);
}
