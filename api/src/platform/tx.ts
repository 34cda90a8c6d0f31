import { type Kysely, sql } from 'kysely';
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
  /** A last statement to send in one batch with COMMIT, after `fn` succeeded. */
  beforeCommit?: () => string | undefined,
): Promise<T> {
  const statements = [
    'BEGIN',
    // Literals below double their quotes; that is only safe with standard strings on.
    `SELECT set_config('standard_conforming_strings', 'on', true), ` +
      `set_config('role', '${APP_ROLE}', true), ` +
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
    const last = beforeCommit?.();
    try {
      // A failed COMMIT (a deferred check) ends the transaction rolled back and throws.
      await sql.raw(last ? `${last}; COMMIT` : 'COMMIT').execute(conn);
    } catch (err) {
      // If the last statement failed, the transaction is aborted but still open.
      await sql
        .raw('ROLLBACK')
        .execute(conn)
        .catch(() => {});
      throw err;
    }
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
  let tx: TenantTx | undefined;
  return asAppRole(
    db,
    sessionOf(scope.auth, tenantId),
    (trx) => {
      tx = newTenantTx(trx, scope, tenantId);
      return fn(tx);
    },
    () => (tx ? flushStatement(tx) : undefined),
  );
}

/**
 * The statement that writes the pending events and audit entries (fin_flush), with its
 * arguments inlined as literals so it can travel in one batch with COMMIT; undefined when
 * nothing is pending. Clears the pending lists.
 */
export function flushStatement(tx: TenantTx): string | undefined {
  const { events, audits } = tx;
  if (events.length === 0 && audits.length === 0) return undefined;
  const eventJson = JSON.stringify(
    events.map((e) => ({ id: newId('event'), type: e.type, data: { object: e.object } })),
  );
  const auditJson = JSON.stringify(
    audits.map((a) => ({
      id: newId('auditLog'),
      action: a.action,
      object_type: a.objectType,
      object_id: a.objectId,
    })),
  );
  events.length = 0;
  audits.length = 0;
  const args = [tx.tenantId, tx.requestId, tx.actor.type, tx.actor.id].map(literal);
  return `SELECT fin_flush(${args.join(', ')}, ${literal(eventJson)}::json, ${literal(auditJson)}::json)`;
}

/** Writes the pending events and audit entries now, inside the caller's transaction. */
export async function flushEffects(tx: TenantTx): Promise<void> {
  const statement = flushStatement(tx);
  if (statement) await sql.raw(statement).execute(tx.trx);
}

/** Runs `fn` as the app role scoped to the partner only (no tenant): partner-level reads. */
export function inPartner<T>(
  db: Kysely<Database>,
  scope: TxScope,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return asAppRole(db, sessionOf(scope.auth, null), fn);
}
