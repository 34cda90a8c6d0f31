import { type Kysely, sql } from 'kysely';
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

/**
 * Runs `fn` in one transaction as the app role with the partner and tenant set for RLS.
 * BEGIN and the settings go in one simple-protocol round trip (values inlined as literals),
 * which every request pays, so it is worth not spending two.
 */
export async function asAppRole<T>(
  db: Kysely<Database>,
  partnerId: string,
  tenantId: string | null,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql
      .raw(
        `BEGIN; SELECT set_config('role', '${APP_ROLE}', true), ` +
          `set_config('app.partner_id', ${literal(partnerId)}, true), ` +
          `set_config('app.tenant_id', ${literal(tenantId ?? '')}, true)`,
      )
      .execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (err) {
      await sql
        .raw('ROLLBACK')
        .execute(conn)
        .catch(() => {});
      throw err;
    }
    // A failed COMMIT (a deferred check) ends the transaction rolled back and throws.
    await sql.raw('COMMIT').execute(conn);
    return result;
  });
}

/** Runs `fn` in one transaction as the app role inside the scope's tenant, then writes its
 * events and audit entries in that same transaction. */
export async function inTenant<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  const tenantId = scope.auth.tenantId;
  if (!tenantId) throw new Error('inTenant called without a tenant');
  return asAppRole(db, scope.auth.partnerId, tenantId, async (trx) => {
    const tx = newTenantTx(trx, scope, tenantId);
    const result = await fn(tx);
    await flushEffects(tx);
    return result;
  });
}

/**
 * Writes pending events and audit rows. The tenant head row is locked last so that the
 * per-tenant serialisation (gap-free event sequence, audit hash chain) is held only for
 * the inserts and the commit.
 */
export async function flushEffects(tx: TenantTx): Promise<void> {
  if (tx.events.length === 0 && tx.audits.length === 0) return;
  const head = await tx.trx
    .selectFrom('tenant_heads')
    .select(['event_seq', 'audit_seq', 'audit_hash'])
    .where('tenant_id', '=', tx.tenantId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  let eventSeq = BigInt(head.event_seq);
  if (tx.events.length > 0) {
    await tx.trx
      .insertInto('events')
      .values(
        tx.events.map((e) => {
          eventSeq += 1n;
          return {
            id: newId('event'),
            tenant_id: tx.tenantId,
            sequence: eventSeq.toString(),
            type: e.type,
            data: JSON.stringify({ object: e.object }),
            request_id: tx.requestId,
            created_at: now,
          };
        }),
      )
      .execute();
  }
  let auditSeq = BigInt(head.audit_seq);
  let hash = head.audit_hash;
  if (tx.audits.length > 0) {
    const rows = tx.audits.map((a) => {
      auditSeq += 1n;
      const row: ChainedAuditFields = {
        id: newId('auditLog'),
        tenant_id: tx.tenantId,
        seq: auditSeq.toString(),
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
    await tx.trx.insertInto('audit_logs').values(rows).execute();
  }
  await tx.trx
    .updateTable('tenant_heads')
    .set({ event_seq: eventSeq.toString(), audit_seq: auditSeq.toString(), audit_hash: hash })
    .where('tenant_id', '=', tx.tenantId)
    .execute();
  tx.events.length = 0;
  tx.audits.length = 0;
}

/** Runs `fn` as the app role scoped to the partner only (no tenant): partner-level reads. */
export function inPartner<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return asAppRole(db, scope.auth.partnerId, null, fn);
}
