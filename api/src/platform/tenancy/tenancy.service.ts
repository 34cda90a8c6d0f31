import type { Kysely } from 'kysely';
import { GENESIS_HASH } from '../audit-chain.js';
import { generateKey, redactKey } from '../auth/keys.js';
import type { Role } from '../auth/roles.js';
import { audit, emit, type TenantTx } from '../context.js';
import type { Database, Metadata } from '../db/schema.js';
import { newId } from '../ids.js';
import { actAs, flushEffects, newTenantTx, type TxScope } from '../tx.js';
import type { ApiKey, Tenant } from './tenancy.schemas.js';

type TenantRow = { id: string; name: string; metadata: Metadata; created_at: Date };

export const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  object: 'tenant',
  name: row.name,
  metadata: row.metadata,
  created_at: row.created_at.toISOString(),
});

type KeyRow = {
  id: string;
  name: string | null;
  role: string;
  last4: string;
  created_at: Date;
  revoked_at: Date | null;
};

export const toApiKey = (row: KeyRow, secret?: string): ApiKey => ({
  id: row.id,
  object: 'api_key',
  name: row.name,
  role: row.role as Role,
  redacted_key: redactKey('tenant', row.last4),
  ...(secret ? { secret } : {}),
  created_at: row.created_at.toISOString(),
  revoked_at: row.revoked_at?.toISOString() ?? null,
});

/**
 * Creates a tenant under the scope's partner and switches the transaction into it. Returns
 * a TenantTx for the new tenant so a provisioning flow can seed it in the same transaction.
 */
export async function createTenant(
  trx: Kysely<Database>,
  scope: TxScope,
  input: { name: string; metadata?: Metadata | undefined },
): Promise<{ tenant: Tenant; tx: TenantTx }> {
  const id = newId('tenant');
  const row = await trx
    .insertInto('tenants')
    .values({
      id,
      partner_id: scope.auth.partnerId,
      name: input.name,
      metadata: JSON.stringify(input.metadata ?? {}),
    })
    .returning(['id', 'name', 'metadata', 'created_at'])
    .executeTakeFirstOrThrow();
  await actAs(trx, scope.auth.partnerId, id);
  await trx
    .insertInto('tenant_heads')
    .values({ tenant_id: id, event_seq: 0, audit_seq: 0, audit_hash: GENESIS_HASH })
    .execute();
  const tx = newTenantTx(trx, scope, id);
  const tenant = toTenant(row);
  emit(tx, 'tenant.created', tenant);
  audit(tx, 'tenant.create', 'tenant', id);
  return { tenant, tx };
}

export async function createApiKey(
  tx: TenantTx,
  input: { role: Role; name?: string | undefined },
): Promise<ApiKey> {
  const key = generateKey('tenant');
  const row = await tx.trx
    .insertInto('api_keys')
    .values({
      id: newId('apiKey'),
      tenant_id: tx.tenantId,
      name: input.name ?? null,
      role: input.role,
      key_hash: key.hash,
      last4: key.last4,
      created_by: tx.actor.id,
    })
    .returning(['id', 'name', 'role', 'last4', 'created_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
  const apiKey = toApiKey(row);
  emit(tx, 'api_key.created', apiKey);
  audit(tx, 'api_key.create', 'api_key', row.id);
  return { ...apiKey, secret: key.secret };
}

const keyColumns = ['id', 'name', 'role', 'last4', 'created_at', 'revoked_at'] as const;

export async function findApiKey(tx: TenantTx, id: string): Promise<ApiKey | undefined> {
  const row = await tx.trx
    .selectFrom('api_keys')
    .select(keyColumns)
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toApiKey(row) : undefined;
}

/** Revokes at once: the next request with this key is refused on every node. */
export async function revokeApiKey(tx: TenantTx, id: string): Promise<ApiKey | undefined> {
  const row = await tx.trx
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(keyColumns)
    .executeTakeFirst();
  if (!row) return findApiKey(tx, id);
  const apiKey = toApiKey(row);
  emit(tx, 'api_key.revoked', apiKey);
  audit(tx, 'api_key.revoke', 'api_key', id);
  return apiKey;
}

export const apiKeyColumns = keyColumns;

/** Seeds a new tenant inside its creating transaction (e.g. the ledger's chart of accounts). */
export type TenantSeeder = (tx: TenantTx) => Promise<void>;

/**
 * Creates a tenant, seeds it and mints its first admin key, all in `trx` (already acting as
 * the app role in the partner's scope); events and audit entries are written before returning.
 */
export async function provisionTenant(
  trx: Kysely<Database>,
  scope: TxScope,
  input: { name: string; metadata?: Metadata | undefined },
  seed: TenantSeeder,
): Promise<Tenant & { api_key: ApiKey }> {
  const { tenant, tx } = await createTenant(trx, scope, input);
  await seed(tx);
  const apiKey = await createApiKey(tx, { role: 'admin', name: 'Default admin key' });
  await flushEffects(tx);
  return { ...tenant, api_key: apiKey };
}
