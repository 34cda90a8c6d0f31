import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedAuditFields {
  id: string;
  tenant_id: string;
  seq: string;
  actor_type: string;
  actor_id: string;
  action: string;
  object_type: string;
  object_id: string;
  request_id: string;
  created_at: string;
}

/**
 * hash_n = sha256(hash_{n-1} + "\n" + canonical(row n)), where canonical is the text of
 * PostgreSQL's json_build_array over the fields as text (elements separated by ", "), as
 * fin_seal computes it when the entry is sealed.
 */
export function auditHash(prevHash: string, row: ChainedAuditFields): string {
  const fields = [
    row.id,
    row.tenant_id,
    row.seq,
    row.actor_type,
    row.actor_id,
    row.action,
    row.object_type,
    row.object_id,
    row.request_id,
    row.created_at,
  ];
  const canonical = `[${fields.map((f) => JSON.stringify(f)).join(', ')}]`;
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
